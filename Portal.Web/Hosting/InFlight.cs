namespace Portal.Web.Hosting;

/// <summary>
/// Work a service starts without awaiting it where it starts, still owned: each task is kept until it ends, and the
/// service awaits those still running when it stops, so none outlives it. The tasks handle their own failures (they
/// log them); one that throws anyway is observed here, not left to the finalizer.
/// </summary>
public sealed class InFlight
{
    private readonly List<Task> _tasks = [];
    private readonly Lock _lock = new();

    public void Add(Task task)
    {
        lock (_lock)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(task);
        }
    }

    /// <summary>Waits for the tasks running now to end, or for <paramref name="cancellationToken"/> (the host's shutdown timeout).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _tasks];
            _tasks.Clear();
        }
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stops waiting; what is still running ends with the connections it was sending to.
        }
        catch (Exception)
        {
            // Observed: each task logged its own failure.
        }
    }
}
