using System.Text;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Witnessing;

namespace Portal.Web.Commands;

/// <summary>
/// `witness --listen URL --key FILE --log VKEY [--log VKEY ...] [--state FILE] [--name NAME]`: a C2SP tlog-witness
/// v1.0.0 witness anyone can run (an audit office, the paying bank, a newspaper). It needs nothing of the portal but
/// this executable: its key file (created, mode 0600, when missing), its state (a SQLite file, beside the key unless
/// given) and the verifier keys of the logs it witnesses. It prints its verifier key, for logs' witness policies.
/// </summary>
public static class WitnessCommand
{
    public const string Name = "witness";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        string? listen = null, keyPath = null, statePath = null, name = null;
        var logs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--listen" when value is not null: listen = value; i++; break;
                case "--key" when value is not null: keyPath = value; i++; break;
                case "--state" when value is not null: statePath = value; i++; break;
                case "--name" when value is not null: name = value; i++; break;
                case "--log" when value is not null: logs.Add(value); i++; break;
                default:
                    await error.WriteLineAsync($"witness: unknown argument '{args[i]}'. {Usage}");
                    return CliCommand.Usage;
            }
        }
        if (listen is null || keyPath is null || logs.Count == 0 || !Uri.TryCreate(listen, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"witness: {Usage}");
            return CliCommand.Usage;
        }
        List<Ed25519NoteVerifier> verifiers;
        try
        {
            verifiers = logs.ConvertAll(Ed25519Note.ParseVerifierKey);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"witness: a --log is not a log's Ed25519 verifier key (name+keyid+base64key): {ex.Message}");
            return CliCommand.Usage;
        }
        var key = CosignerKey.LoadOrCreate(keyPath, name ?? DefaultName(address));
        var state = new WitnessState(statePath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyPath))!, "witness-state.db"));
        var witness = new Witness(key, verifiers, state);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"{address.Scheme}://{address.Authority}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var prefix = address.AbsolutePath.TrimEnd('/');
        app.MapPost(prefix + "/add-checkpoint", (HttpContext http) => AddCheckpointAsync(http, witness));
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"Witness {key.Name} listening on {address}: POST {prefix}/add-checkpoint");
        await output.WriteLineAsync($"Verifier key (for logs' witness policies): {key.VerifierKey}");
        foreach (var log in verifiers)
        {
            await output.WriteLineAsync($"Witnessing {log.Name} ({log.VerifierKey})");
        }
        await app.WaitForShutdownAsync(cancellationToken);
        return CliCommand.Ok;
    }

    private const string Usage = "usage: witness --listen URL --key FILE --log VKEY [--log VKEY ...] [--state FILE] [--name NAME]";

    /// <summary>Without --name, a new key is named after the address the witness listens on, without the scheme.</summary>
    private static string DefaultName(Uri address) => (address.Authority + address.AbsolutePath).TrimEnd('/');

    private static async Task AddCheckpointAsync(HttpContext http, Witness witness)
    {
        // Read at most one byte past the limit: a larger body is refused before it is parsed.
        var buffer = new byte[Witness.MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await http.Request.Body.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0)
        {
            read += n;
        }
        Witness.Response response;
        if (read > Witness.MaxBodyBytes)
        {
            response = new Witness.Response(StatusCodes.Status413PayloadTooLarge, $"A request body is at most {Witness.MaxBodyBytes} bytes.\n");
        }
        else
        {
            string body;
            try
            {
                body = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, read);
            }
            catch (DecoderFallbackException)
            {
                body = "";
            }
            response = witness.AddCheckpoint(body);
        }
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        await http.Response.WriteAsync(response.Body, http.RequestAborted);
    }
}
