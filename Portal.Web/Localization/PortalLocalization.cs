using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace Portal.Web.Localization;

/// <summary>
/// English (the default) and Simplified Chinese. The visitor's choice lives in the standard culture cookie, set by
/// <c>/culture</c>; without it the browser's Accept-Language decides.
/// </summary>
public static class PortalLocalization
{
    public const string DefaultCulture = "en";

    public static IReadOnlyList<string> SupportedCultures { get; } = [DefaultCulture, "zh-CN"];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        // Pages write Chinese as UTF-8 rather than as &#x...; entities, a third of the bytes. Only the HTML encoder:
        // URLs and scripts keep their defaults. Markup characters (<, &, quotes) are encoded as always.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        // Registered after AddMudServices: MudBlazor asks it for every non-English culture and keeps English as fallback.
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(DefaultCulture)
                .AddSupportedCultures([.. SupportedCultures])
                .AddSupportedUICultures([.. SupportedCultures]);
            // No query-string provider: the cookie is the one switch, so links never carry a language.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>The supported culture with this name (any case), or null.</summary>
    public static CultureInfo? Find(string? name) =>
        SupportedCultures.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) is { } supported
            ? CultureInfo.GetCultureInfo(supported)
            : null;

    /// <summary>True when the page is in Chinese: names then come in Chinese, and large amounts count in 万 and 亿.</summary>
    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
}
