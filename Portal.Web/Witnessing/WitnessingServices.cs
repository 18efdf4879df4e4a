using Portal.Ledger.Chain;
using Portal.Ledger.Witnessing;

namespace Portal.Web.Witnessing;

public static class WitnessingServices
{
    /// <summary>
    /// The witness policy named by <c>Ledger:WitnessPolicyPath</c> (read once at start: a policy that does not parse
    /// stops the portal with the reason) and, in the server, the submitter that sends each new checkpoint to its
    /// witnesses. Without a policy, <see cref="WitnessPolicySource.Policy"/> is null and nothing is submitted.
    /// </summary>
    public static IServiceCollection AddWitnessing(this IServiceCollection services, LedgerOptions ledger, bool submit)
    {
        WitnessPolicy? policy = null;
        if (ledger.WitnessPolicyPath is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Ledger:WitnessPolicyPath names '{path}', which does not exist.");
            }
            policy = WitnessPolicy.Parse(File.ReadAllText(path));
        }
        services.AddSingleton(new WitnessPolicySource(policy));
        if (policy is not null && submit)
        {
            services.AddSingleton(policy);
            services.AddHttpClient(WitnessSubmitter.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddHostedService<WitnessSubmitter>();
        }
        return services;
    }
}

/// <summary>The portal's witness policy, if it has one.</summary>
public sealed record WitnessPolicySource(WitnessPolicy? Policy);
