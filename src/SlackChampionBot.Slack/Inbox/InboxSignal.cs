using System.Threading.Channels;

namespace SlackChampionBot.Slack.Inbox;

/// <summary>Wakes the <see cref="EventDispatcher"/> the moment a new event is stored (a level-triggered, coalescing flag).</summary>
internal sealed class InboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Clears a pending notification; returns whether there was one.</summary>
    public bool TryConsume() => _channel.Reader.TryRead(out _);

    /// <summary>Waits until notified (and consumes the notification).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_channel.Reader.TryRead(out _))
            {
                return;
            }
        }
    }
}
