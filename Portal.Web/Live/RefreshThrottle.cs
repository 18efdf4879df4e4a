namespace Portal.Web.Live;

/// <summary>
/// Runs a page's refresh at most once per <paramref name="delay"/>, however often it is asked for: the first request
/// schedules it, those that come while it waits join it. Disposing cancels a refresh still waiting.
/// </summary>
public sealed class RefreshThrottle(TimeSpan delay) : IDisposable
{
    // Cancelled, not disposed: a refresh still waiting reads its token after the page has gone.
    private readonly CancellationTokenSource _stopped = new();
    private Task? _pending;

    public void Request(Func<Task> refresh)
    {
        if (_pending is null || _pending.IsCompleted)
        {
            _pending = RunAsync(refresh);
        }
    }

    private async Task RunAsync(Func<Task> refresh)
    {
        try
        {
            await Task.Delay(delay, _stopped.Token);
            await refresh();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopped.Cancel();
}
