using Microsoft.Extensions.Options;
using Portal.Web.Hosting;

namespace Portal.Web.Evidence;

/// <summary>Where evidence documents are kept, under <c>Evidence</c>; a relative path is under the content root.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    public string Path { get; set; } = System.IO.Path.Combine("data", "evidence");

    public static string? Check(EvidenceOptions o) =>
        string.IsNullOrWhiteSpace(o.Path) ? $"{Section}:Path names the folder for evidence documents; it is empty." : null;
}

public static class EvidenceServices
{
    public static IServiceCollection AddPortalEvidence(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddValidatedOptions<EvidenceOptions>(configuration, EvidenceOptions.Section, EvidenceOptions.Check);
        services.AddSingleton(sp => new EvidenceStore(System.IO.Path.Combine(contentRoot, sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Path)));
        services.AddSingleton(sp => new FeedbackPhotos(new EvidenceStore(
            System.IO.Path.Combine(contentRoot, sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Path, FeedbackPhotos.Folder))));
        return services;
    }
}

/// <summary>
/// Citizens' photos, apart from the officials' evidence: feedback can cite only a photo sent as one, so citing an
/// evidence document's public hash cannot make that document public.
/// </summary>
public sealed record FeedbackPhotos(EvidenceStore Store)
{
    public const string Folder = "feedback-photos";
}
