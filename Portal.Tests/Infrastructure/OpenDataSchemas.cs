using System.Xml;
using System.Xml.Schema;
using NJsonSchema;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The standards' official schemas, copied into the test project (Schemas/README.md): IATI 2.03's XSD and OCDS
/// 1.1's release-package JSON schema, read from disk with no network.
/// </summary>
public static class OpenDataSchemas
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Schemas");

    private static readonly Lazy<XmlSchemaSet> Iati = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(null, Path.Combine(Folder, "iati", "iati-activities-schema.xsd"));
        set.Compile();
        return set;
    });

    private static readonly Lazy<Task<JsonSchema>> Ocds = new(async () =>
    {
        // The package schema names the release schema by its published URL: point it at the copy beside it.
        var package = await File.ReadAllTextAsync(Path.Combine(Folder, "ocds", "release-package-schema.json"));
        package = package.Replace("https://standard.open-contracting.org/schema/1__1__5/release-schema.json", "release-schema.json", StringComparison.Ordinal);
        return await JsonSchema.FromJsonAsync(package, Path.Combine(Folder, "ocds", "release-package-schema.json"));
    });

    /// <summary>
    /// Every way an XML document breaks the IATI 2.03 activity schema (none for a valid one). Warnings count too,
    /// except inside the extension elements of <paramref name="extensionNamespace"/>, which IATI allows (processed
    /// laxly: it has no schema for them).
    /// </summary>
    public static IReadOnlyList<string> IatiErrors(Stream xml, string extensionNamespace)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Iati.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        XmlReader? current = null;
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error || current?.NamespaceURI != extensionNamespace)
            {
                errors.Add($"{e.Severity} at {e.Exception.LineNumber}:{e.Exception.LinePosition}: {e.Message}");
            }
        };
        using var reader = XmlReader.Create(xml, settings);
        current = reader;
        while (reader.Read())
        {
        }
        return errors;
    }

    /// <summary>Every way a JSON document breaks the OCDS 1.1 release-package schema (none for a valid one).</summary>
    public static async Task<IReadOnlyList<string>> OcdsErrorsAsync(string json) =>
        (await Ocds.Value).Validate(json).Select(e => $"{e.Path}: {e.Kind}").ToList();
}
