using System.Text.RegularExpressions;

namespace Portal.Web.Api.Exports;

/// <summary>
/// Who publishes the open data and under what terms, under <c>Publishing</c>: the identifiers the IATI and OCDS
/// exports carry. A real publisher registers its own (an IATI organisation identifier, an OCDS ocid prefix).
/// </summary>
public sealed partial class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>The IATI organisation identifier of the fund's owner (registration agency prefix, then its code).</summary>
    public string IatiOrgRef { get; set; } = "";

    /// <summary>IATI OrganisationType code: 10 is a government.</summary>
    public string IatiOrgType { get; set; } = "10";

    /// <summary>The publishing organisation's name in Chinese and in English.</summary>
    public string OrganisationName { get; set; } = "";

    public string OrganisationNameEn { get; set; } = "";

    /// <summary>The OCDS ocid prefix (registered with the Open Contracting Partnership: <c>ocds-</c> and six characters).</summary>
    public string OcidPrefix { get; set; } = "";

    /// <summary>The URL of the licence the data is published under.</summary>
    public string License { get; set; } = "";

    public static string? Check(PublishingOptions o)
    {
        if (!IdentifierPattern().IsMatch(o.IatiOrgRef))
        {
            return $"{Section}:IatiOrgRef must be an IATI organisation identifier such as XI-IATI-EXAMPLE (letters, digits, '-', '.', '_'); got '{o.IatiOrgRef}'.";
        }
        if (!TypePattern().IsMatch(o.IatiOrgType))
        {
            return $"{Section}:IatiOrgType must be an IATI OrganisationType code of two digits (10 is a government); got '{o.IatiOrgType}'.";
        }
        if (string.IsNullOrWhiteSpace(o.OrganisationName) || string.IsNullOrWhiteSpace(o.OrganisationNameEn))
        {
            return $"{Section}:OrganisationName and {Section}:OrganisationNameEn name the publisher in Chinese and English; both are required.";
        }
        if (!OcidPattern().IsMatch(o.OcidPrefix))
        {
            return $"{Section}:OcidPrefix must be an OCDS ocid prefix such as ocds-abc123; got '{o.OcidPrefix}'.";
        }
        if (!Uri.TryCreate(o.License, UriKind.Absolute, out var license) || license.Scheme is not ("https" or "http"))
        {
            return $"{Section}:License must be the URL of the data's licence; got '{o.License}'.";
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex("^ocds-[a-z0-9]{6}$")]
    private static partial Regex OcidPattern();
}
