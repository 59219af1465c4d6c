using System.Threading.Channels;

namespace SlackChampionBot.Hosting;

/// <summary>
/// Work a slash command starts but must not wait for (Slack wants its answer within 3 seconds): an export, an erasure.
/// Each feature that needs one has its own queue type (a subclass) and a <see cref="BackgroundWorker{TQueue}"/>, so a
/// slow job of one feature does not hold up another's. The work lives in memory: a restart loses what was queued, and
/// the person who asked is told the work is on its way, so they can ask again.
/// </summary>
internal abstract class BackgroundWorkQueue
{
    private readonly Channel<Func<IServiceProvider, CancellationToken, Task>> _channel = Channel.CreateUnbounded<Func<IServiceProvider, CancellationToken, Task>>();

    public void Enqueue(Func<IServiceProvider, CancellationToken, Task> work) => _channel.Writer.TryWrite(work);

    public ChannelReader<Func<IServiceProvider, CancellationToken, Task>> Reader => _channel.Reader;
}

/// <summary>Runs a queue's work one item at a time, each in its own DI scope; a failure is logged and the next item runs.</summary>
internal class BackgroundWorker<TQueue>(TQueue queue, IServiceScopeFactory scopes, ILogger logger) : BackgroundService
    where TQueue : BackgroundWorkQueue
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    HostingLog.BackgroundWorkFailed(logger, typeof(TQueue).Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
