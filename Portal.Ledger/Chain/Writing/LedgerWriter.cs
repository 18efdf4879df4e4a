using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Ledger.Chain.Checkpoints;
using Portal.Ledger.Storage;
using Portal.Ledger.Telemetry;

namespace Portal.Ledger.Chain.Writing;

/// <summary>
/// The only way entries enter the ledger. Callers wait on <see cref="AppendAsync"/>; one loop takes every append
/// waiting at that moment and commits them as one block in one transaction (group commit), under the database's
/// single-writer lock, so writers in this process, in other processes and on other servers extend one chain.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private const int MaxConflictRetries = 8;

    private readonly LedgerStore _store;
    private readonly Func<INoteSigner> _signer;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _clock;
    private readonly List<ILedgerListener> _listeners;
    private readonly IReadOnlyList<IReadModelProjector> _projectors;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _loop;
    private bool _stopped;
    private readonly WriteSession _session;

    /// <summary>A writer that signs every block with one key.</summary>
    public LedgerWriter(
        LedgerStore store,
        INoteSigner signer,
        LedgerOptions options,
        IEnumerable<ILedgerListener>? listeners = null,
        TimeProvider? clock = null,
        ILogger<LedgerWriter>? logger = null,
        IEnumerable<IReadModelProjector>? projectors = null)
        : this(store, () => signer, options, listeners, clock, logger, projectors)
    {
    }

    /// <summary>
    /// A writer that asks <paramref name="signer"/> for the key before each block: with <c>SigningKey.Current</c>,
    /// it follows a rotation of the key file.
    /// </summary>
    public LedgerWriter(
        LedgerStore store,
        Func<INoteSigner> signer,
        LedgerOptions options,
        IEnumerable<ILedgerListener>? listeners = null,
        TimeProvider? clock = null,
        ILogger<LedgerWriter>? logger = null,
        IEnumerable<IReadModelProjector>? projectors = null)
    {
        _projectors = projectors?.ToList() ?? [];
        _store = store;
        _signer = signer;
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _listeners = listeners?.ToList() ?? [];
        _logger = logger ?? NullLogger<LedgerWriter>.Instance;
        _session = new WriteSession(store);
    }

    public async Task<EntryReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default) =>
        (await AppendAsync([draft], cancellationToken))[0];

    /// <summary>
    /// Appends the drafts, in order and contiguously, within one block. Returns when the block is durable.
    /// Cancelling stops the wait, not an append already queued.
    /// </summary>
    public Task<IReadOnlyList<EntryReceipt>> AppendAsync(IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            throw new LedgerArgumentException("Nothing to append: give at least one entry.");
        }
        foreach (var draft in drafts)
        {
            EntryDraftValidator.Validate(draft);
        }
        return ExecuteAsync<IReadOnlyList<EntryReceipt>>(
            async (tx, ct) =>
            {
                var receipts = new List<EntryReceipt>(drafts.Count);
                foreach (var draft in drafts)
                {
                    receipts.Add(await tx.AppendAsync(draft, ct));
                }
                return receipts;
            },
            drafts.Count,
            cancellationToken);
    }

    /// <summary>
    /// Runs a command inside the next block's write transaction and returns its result once the block is durable.
    /// The command reads current state through <see cref="LedgerTransaction.Db"/>, decides, and appends entries;
    /// an exception it throws before appending refuses it alone and writes nothing of it.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, 1, cancellationToken);

    private Task<T> ExecuteAsync<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, int expectedEntries, CancellationToken cancellationToken) =>
        Enqueue(new Work<T, T>(command, expectedEntries, (result, _) => result), cancellationToken);

    /// <summary>
    /// Like <see cref="ExecuteAsync{T}(Func{LedgerTransaction, CancellationToken, Task{T}}, CancellationToken)"/>, for a
    /// command that appends and must prove it: the result comes with the block that sealed it, whose checkpoint and
    /// inclusion proofs need no read of the database.
    /// </summary>
    public Task<Sealed<T>> ExecuteSealedAsync<T>(Func<LedgerTransaction, CancellationToken, Task<T>> command, CancellationToken cancellationToken = default) =>
        Enqueue(new Work<T, Sealed<T>>(command, 1, (result, block) =>
            new Sealed<T>(result, block ?? throw new InvalidOperationException("The command appended no entry to seal."))), cancellationToken);

    private Task<TOut> Enqueue<TIn, TOut>(Work<TIn, TOut> work, CancellationToken cancellationToken)
    {
        EnsureRunning();
        work.Begin();
        if (!_queue.Writer.TryWrite(work))
        {
            var disposed = new ObjectDisposedException(nameof(LedgerWriter));
            work.Fail(disposed);
            throw disposed;
        }
        return work.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts the writer's one loop with the first command, not when the writer is made: building the services
    /// (for a command-line tool, a test, a host) starts nothing. The loop is the writer's own and ends with it.
    /// </summary>
    private void EnsureRunning()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }
        lock (_start)
        {
            // Once disposing has begun no loop starts; the queue is closed then, so nothing is left unserved.
            if (!_stopped && _loop is null)
            {
                // The loop serves every caller: it must not run inside the first one's trace (nor its culture).
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(RunAsync);
                }
            }
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<WorkItem>();
            var entryCount = 0;
            while (entryCount < _options.MaxEntriesPerBlock && reader.TryPeek(out var next)
                && (batch.Count == 0 || entryCount + next.ExpectedEntries <= _options.MaxEntriesPerBlock))
            {
                reader.TryRead(out _);
                batch.Add(next);
                entryCount += next.ExpectedEntries;
            }
            await CommitWithRetryAsync(batch);
        }
    }

    /// <summary>Commits the batch as one block, completing or failing each work item; never throws.</summary>
    private async Task CommitWithRetryAsync(List<WorkItem> batch)
    {
        var conflicts = 0;
        while (batch.Count > 0)
        {
            try
            {
                var (done, appended) = await CommitAsync(batch);
                if (appended is not null)
                {
                    PortalTelemetry.Blocks.Add(1);
                    PortalTelemetry.Entries.Add(appended.Entries.Count);
                    PortalTelemetry.BlockEntries.Record(appended.Entries.Count);
                    using var publish = BlockSpan("publish", batch, appended);
                    await NotifyAsync(appended);
                }
                var block = appended is null ? null : new SealedBlock(appended);
                foreach (var item in done)
                {
                    item.Complete(block);
                }
                return;
            }
            catch (AbandonedBlockException abandoned)
            {
                await _session.ResetAsync();
                // A command failed after it had appended: drop it and write the others again without it.
                abandoned.Item.Fail(abandoned.InnerException!);
                batch.Remove(abandoned.Item);
            }
            catch (Exception ex) when (_store.Dialect.IsUniqueViolation(ex) && ++conflicts < MaxConflictRetries)
            {
                // Another writer took this height first (possible only without the writer lock, e.g. a
                // misconfigured server): forget the cached tip and build on the new one.
                await _session.ResetAsync();
                LogConflict(conflicts);
            }
            catch (Exception ex)
            {
                await _session.ResetAsync();
                LogAppendFailed(ex, batch.Count);
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
                return;
            }
        }
    }

    private async Task<(List<WorkItem> Done, BlockAppended? Appended)> CommitAsync(List<WorkItem> batch)
    {
        await using var open = await _session.BeginAsync();
        var tip = open.Tip;
        var timestamp = Math.Max(_clock.GetUtcNow().ToUnixTimeMilliseconds(), tip.TimestampMs);
        var tx = new LedgerTransaction(open.Db, tip.Height + 1, timestamp, tip.Range.Size, _projectors);
        var done = await RunCommandsAsync(batch, tx);
        if (tx.Entries.Count == 0)
        {
            // Nothing to write (every command was refused or found its work already done): no empty block.
            await open.RollbackAsync();
            return (done, null);
        }
        using var commit = BlockSpan("commit", done, null);
        // Inside the write transaction: a rotation's swap that happened before another writer's commit is seen here.
        var signer = _signer();
        var block = BlockBuilder.Build(tip, tx.Entries, timestamp, _options.Origin, signer, tx.Cosigner, withProof: _listeners.Count > 0);
        await _session.CommitAsync(open, tx.Entries, block);
        return (done, block.Appended);
    }

    /// <summary>Runs each command in turn; returns those that ran, having failed those refused before appending.</summary>
    private static async Task<List<WorkItem>> RunCommandsAsync(List<WorkItem> batch, LedgerTransaction tx)
    {
        var done = new List<WorkItem>(batch.Count);
        foreach (var item in batch)
        {
            var staged = tx.Entries.Count;
            try
            {
                using (item.Span("decide"))
                {
                    await item.RunAsync(tx);
                }
                done.Add(item);
            }
            catch (Exception ex) when (tx.Entries.Count == staged)
            {
                // Refused before it appended anything: nothing of it is in this block.
                item.Fail(ex);
            }
            catch (Exception ex)
            {
                throw new AbandonedBlockException(item, ex);
            }
        }
        return done;
    }

    private async Task NotifyAsync(BlockAppended appended)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnBlockAppendedAsync(appended, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // A listener's failure must not turn a committed append into a reported failure.
                LogListenerFailed(ex, listener.GetType().Name, appended.Block.Height);
            }
        }
    }

    /// <summary>
    /// A span of the block's own work. A block serves many commands: it continues the first one's trace and links
    /// the others, so every command's trace leads to the block that committed it.
    /// </summary>
    private static Activity? BlockSpan(string name, List<WorkItem> items, BlockAppended? appended)
    {
        if (!PortalTelemetry.Source.HasListeners() || items.Count == 0)
        {
            return null;
        }
        var links = items.Skip(1).Where(i => i.Trace is not null).Select(i => new ActivityLink(i.Trace!.Context)).ToList();
        var span = PortalTelemetry.Source.StartActivity(name, ActivityKind.Internal, items[0].Trace?.Context ?? default, links: links);
        span?.SetTag("portal.block.commands", items.Count);
        if (appended is not null)
        {
            span?.SetTag("portal.block.height", appended.Block.Height);
            span?.SetTag("portal.block.entries", appended.Entries.Count);
        }
        return span;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_start)
        {
            _stopped = true;
            loop = _loop;
        }
        if (loop is not null)
        {
            await loop;
        }
        await _session.DisposeAsync();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Appending a block of {Count} requests failed")]
    private partial void LogAppendFailed(Exception exception, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Another writer appended first; retrying (attempt {Attempt})")]
    private partial void LogConflict(int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Listener {Listener} failed on block {Height}")]
    private partial void LogListenerFailed(Exception exception, string listener, long height);

    private abstract class WorkItem(int expectedEntries)
    {
        private long _queued;

        public int ExpectedEntries { get; } = expectedEntries;

        /// <summary>The command's <c>append</c> span: from reaching the writer to its block being committed.</summary>
        public Activity? Trace { get; private set; }

        /// <summary>Called by the command's caller as it queues the command, in the caller's trace.</summary>
        public void Begin()
        {
            _queued = Stopwatch.GetTimestamp();
            var caller = Activity.Current;
            Trace = PortalTelemetry.Source.StartActivity("append");
            // Started here, ended on the writer's loop: the caller's own code goes on in its own span.
            Activity.Current = caller;
        }

        public Activity? Span(string name) =>
            Trace is null ? null : PortalTelemetry.Source.StartActivity(name, ActivityKind.Internal, Trace.Context);

        protected void Committed()
        {
            PortalTelemetry.AppendDuration.Record(PortalTelemetry.SecondsSince(_queued));
            Trace?.Stop();
        }

        protected void Failed(Exception exception)
        {
            Trace?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            Trace?.Stop();
        }

        public abstract Task RunAsync(LedgerTransaction transaction);

        /// <param name="block">The block the batch committed; null when no command of it appended anything.</param>
        public abstract void Complete(SealedBlock? block);

        public abstract void Fail(Exception exception);
    }

    private sealed class Work<TIn, TOut>(
        Func<LedgerTransaction, CancellationToken, Task<TIn>> command, int expectedEntries, Func<TIn, SealedBlock?, TOut> complete) : WorkItem(expectedEntries)
    {
        private TIn _result = default!;

        public TaskCompletionSource<TOut> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(LedgerTransaction transaction) => _result = await command(transaction, CancellationToken.None);

        public override void Complete(SealedBlock? block)
        {
            Committed();
            try
            {
                Completion.TrySetResult(complete(_result, block));
            }
            catch (Exception ex)
            {
                Completion.TrySetException(ex);
            }
        }

        public override void Fail(Exception exception)
        {
            Failed(exception);
            Completion.TrySetException(exception);
        }
    }

    private sealed class AbandonedBlockException(WorkItem item, Exception inner) : Exception("A command failed after appending.", inner)
    {
        public WorkItem Item { get; } = item;
    }

}
