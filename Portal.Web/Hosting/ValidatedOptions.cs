using Microsoft.Extensions.Options;

namespace Portal.Web.Hosting;

public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to a configuration section and checks it when the host starts, so a wrong value
    /// stops the portal with its key named rather than surfacing at the first request that reads it.
    /// </summary>
    /// <param name="check">The problem with the values, or null when they are usable.</param>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, string?> check)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new CheckedOptions<T>(check));
        return services;
    }

    private sealed class CheckedOptions<T>(Func<T, string?> check) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            check(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
