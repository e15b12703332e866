
namespace PartnerCms.Core.Events;

/// <summary>
/// Wakes a background loop of this node (a dispatcher) early: <see cref="Notify"/> any number of times, and the next
/// <see cref="WaitAsync"/> returns at once; otherwise it waits for its poll interval. Each queue has its own subclass.
/// </summary>
public abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        lock (_signal)
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
