using System.Net;

namespace Portal.Web.Operations;

/// <summary>
/// Who may scrape <c>/metrics</c>: <c>Metrics:AllowedNetworks</c>, networks in CIDR notation (or single
/// addresses), as a list or one comma-separated value; loopback only when unset. The address checked is the
/// client's as the trusted proxies report it (<c>ForwardedHeaders</c>).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";
    public const string Path = "/metrics";

    public static readonly IReadOnlyList<IPNetwork> Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; private init; } = Loopback;

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return AllowedNetworks.Any(n => n.Contains(plain));
    }

    /// <summary>Reads the section; a value that is not a network stops the start with the key named.</summary>
    public static MetricsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section).GetSection("AllowedNetworks");
        var values = section.Value is { } single
            ? single.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
        if (values.Length == 0)
        {
            return new MetricsOptions();
        }
        var networks = new List<IPNetwork>(values.Length);
        foreach (var value in values)
        {
            if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(value, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException(
                    $"{Section}:AllowedNetworks holds '{value}', which is neither a network in CIDR notation (10.0.0.0/8) nor an IP address.");
            }
        }
        return new MetricsOptions { AllowedNetworks = networks };
    }
}
