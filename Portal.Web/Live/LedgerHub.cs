using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Portal.Ledger.Feed;
using Portal.Ledger.Funds;
using Portal.Ledger.Telemetry;

namespace Portal.Web.Live;

/// <summary>
/// The live ledger feed at <c>/hubs/ledger</c>. Every committed block reaches connected clients as
/// <c>BlockAppended</c>, with its signed checkpoint and the consistency proof from the previous block. A client
/// calls <see cref="Subscribe"/> with the last height it saw to have what it missed replayed (from the ledger)
/// before new blocks, and may narrow the feed to funds and regions. Anonymous clients get the public fields;
/// signed-in supervisors also get each entry's actor, request and department.
/// </summary>
public sealed class LedgerHub(BlockFeed feed, IHostApplicationLifetime lifetime) : Hub
{
    public const string Path = "/hubs/ledger";
    public const string BlockAppended = "BlockAppended";

    private const string SubscriptionKey = "subscription";

    /// <summary>Set in a connection's items by whoever closes it on purpose, for the disconnect metric's reason.</summary>
    public const string DisconnectReasonKey = "portal.disconnect";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, FeedGroups.All(Audience));
        await base.OnConnectedAsync();
        PortalTelemetry.FeedConnections.Add(1);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        PortalTelemetry.FeedConnections.Add(-1);
        var reason = Context.Items.TryGetValue(DisconnectReasonKey, out var set) && set is string known ? known
            : lifetime.ApplicationStopping.IsCancellationRequested ? "shutdown"
            : exception is null ? "closed" : "error";
        PortalTelemetry.FeedDisconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Sets what this connection receives and returns the blocks after <see cref="FeedSubscription.AfterHeight"/>
    /// (at most <see cref="BlockFeed.MaxReplay"/>; call <see cref="Replay"/> for more). The groups are joined
    /// before the ledger is read, so a block committed meanwhile comes live, in the replay, or both: clients keep
    /// the first copy of each height.
    /// </summary>
    public async Task<IReadOnlyList<FeedBlock>> Subscribe(FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if ((subscription.Funds?.Count ?? 0) + (subscription.Regions?.Count ?? 0) > FeedSubscription.MaxFilters)
        {
            throw new HubException($"At most {FeedSubscription.MaxFilters} funds and regions per subscription.");
        }
        var badRegions = (subscription.Regions ?? []).Where(r => !RegionCodes.IsWellFormed(r)).ToList();
        if (badRegions.Count > 0)
        {
            throw new HubException($"'{badRegions[0]}' is not a region code (2, 4, 6, 9 or 12 digits).");
        }
        if (subscription.AfterHeight is < -1)
        {
            throw new HubException(AfterHeightRange);
        }
        await LeaveAsync(Context.Items.TryGetValue(SubscriptionKey, out var previous) ? previous as FeedSubscription : null);
        foreach (var group in GroupsOf(subscription))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
        Context.Items[SubscriptionKey] = subscription;
        return subscription.AfterHeight is { } after ? await Replay(after) : [];
    }

    /// <summary>The height of the newest block (-1 for an empty ledger: blocks are numbered from 0).</summary>
    public Task<long> Head() => feed.HeadHeightAsync(Context.ConnectionAborted);

    private const string AfterHeightRange = "afterHeight is the last height seen, or -1 for the whole ledger (blocks are numbered from 0).";

    /// <summary>The blocks after a height this connection would have received, oldest first, at most 500.</summary>
    public async Task<IReadOnlyList<FeedBlock>> Replay(long afterHeight)
    {
        if (afterHeight < -1)
        {
            throw new HubException(AfterHeightRange);
        }
        var subscription = Context.Items.TryGetValue(SubscriptionKey, out var value) ? value as FeedSubscription : null;
        var blocks = await feed.ReadAsync(afterHeight, BlockFeed.MaxReplay, Context.ConnectionAborted);
        var supervisor = IsSupervisor;
        return blocks.Where(b => Wants(subscription, b)).Select(b => supervisor ? b : b.ForPublic()).ToList();
    }

    private static bool Wants(FeedSubscription? subscription, FeedBlock block) =>
        subscription is not { IsFiltered: true }
        || (subscription.Funds ?? []).Any(f => block.Touches(f, null))
        || (subscription.Regions ?? []).Any(r => block.Touches(null, r));

    private async Task LeaveAsync(FeedSubscription? previous)
    {
        foreach (var group in previous is null ? [FeedGroups.All(Audience)] : GroupsOf(previous))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        }
    }

    private IEnumerable<string> GroupsOf(FeedSubscription subscription)
    {
        var audience = Audience;
        if (!subscription.IsFiltered)
        {
            return [FeedGroups.All(audience)];
        }
        return (subscription.Funds ?? []).Select(f => FeedGroups.Fund(audience, f))
            .Concat((subscription.Regions ?? []).Select(r => FeedGroups.Region(audience, r)))
            .Distinct();
    }

    private bool IsSupervisor => Context.User?.IsInRole(Roles.Supervisor) == true && Context.User.Identity?.IsAuthenticated == true;

    private string Audience => IsSupervisor ? FeedGroups.Supervisors : FeedGroups.Public;
}
