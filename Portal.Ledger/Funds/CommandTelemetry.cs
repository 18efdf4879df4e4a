using System.Diagnostics;
using Portal.Ledger.Telemetry;

namespace Portal.Ledger.Funds;

/// <summary>
/// Every command a person or a system sends (through the API or a page) runs inside one <c>command</c> span and is
/// counted once by its outcome, whatever path it took: refused by its shape before it was queued, refused by the
/// state it was decided on, committed, or failed.
/// </summary>
public static class CommandTelemetry
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static async Task<T> RunAsync<T>(string command, Func<Task<T>> run)
    {
        using var activity = PortalTelemetry.Source.StartActivity("command");
        activity?.SetTag("portal.command", command);
        var outcome = Failed;
        try
        {
            var result = await run();
            outcome = Accepted;
            return result;
        }
        catch (FundRefusalException refused)
        {
            outcome = Refused;
            PortalTelemetry.Refusals.Add(1, new KeyValuePair<string, object?>("code", refused.Code));
            activity?.SetTag("portal.refusal", refused.Code);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = Cancelled;
            throw;
        }
        catch (Exception ex)
        {
            // The type only: a message may quote what was sent.
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            activity?.SetTag("portal.outcome", outcome);
            PortalTelemetry.Commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
