using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Inbox;

/// <summary>
/// The inbox's single consumer: claims due events (including ones left over from before a restart), runs every
/// <see cref="IEventHandler{TEvent}"/> whose event type matches (in registration order, each in a new DI scope), and
/// marks the event done. A failing handler makes the whole event retry with exponential backoff up to
/// <see cref="EventDispatcherOptions.MaxAttempts"/>, then it is marked failed with the error and the dispatcher moves
/// on. Handlers therefore must be idempotent: on a retry, handlers that already succeeded run again.
/// Woken at once by <see cref="InboxSignal"/> when an event is accepted; otherwise it sleeps until the next retry
/// it scheduled or the poll interval, whichever is first.
/// </summary>
internal sealed class EventDispatcher(
    ISlackEventInbox inbox,
    InboxSignal signal,
    SlackHandlerRegistry registry,
    SlackHandlerRunner runner,
    IOptions<EventDispatcherOptions> dispatcherOptions,
    TimeProvider time,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    private readonly EventDispatcherOptions _options = dispatcherOptions.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrations run) before the first claim.
        await Task.Yield();
        // Retry times this dispatcher scheduled, so it wakes exactly when the earliest is due.
        var retries = new PriorityQueue<DateTime, DateTime>();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                signal.TryConsume();
                var now = time.GetUtcNow().UtcDateTime;
                while (retries.TryPeek(out var due0, out _) && due0 <= now)
                {
                    retries.Dequeue();
                }

                var due = await inbox.ClaimDue(now, _options.BatchSize, stoppingToken).ConfigureAwait(false);
                if (due.Count == 0)
                {
                    var wait = _options.PollInterval;
                    if (retries.TryPeek(out var retryAt, out _) && retryAt - now < wait)
                    {
                        wait = retryAt - now;
                    }

                    await WaitForWork(wait, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Handlers run one event at a time, in order; the "done" marks of a batch are written together
                // (the inbox's writer commits them in one transaction) instead of one commit round per event.
                var marks = new List<Task>(due.Count);
                foreach (var item in due)
                {
                    if (await Process(item, marks, stoppingToken).ConfigureAwait(false) is { } retryAt)
                    {
                        retries.Enqueue(retryAt, retryAt);
                    }
                }

                await Task.WhenAll(marks).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                InboxLog.InboxUnavailable(logger, exception);
                await WaitForWork(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one event's handlers and records the outcome; returns when it should be retried, if it should.</summary>
    private async Task<DateTime?> Process(SlackInboxEvent item, List<Task> marks, CancellationToken stoppingToken)
    {
        EventCallback callback;
        Event slackEvent;
        try
        {
            (callback, slackEvent) = SlackEventParser.Parse(item.RawJson ?? throw new FormatException("The event has no body."));
        }
        catch (FormatException exception)
        {
            InboxLog.EventUnreadable(logger, exception, item.EventId);
            await inbox.MarkFailed(item.EventId, exception.Message, item.Attempts + 1, null, stoppingToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            // The transport is the one the event arrived on, stored with it (an app in Socket Mode may also get HTTP events).
            var context = new InboundContext(
                item.Transport,
                item.TeamId,
                callback.EnterpriseId,
                item.EventId,
                callback.EventTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(callback.EventTime) : null);
            foreach (var registration in registry.EventHandlers)
            {
                if (registration.EventType.IsInstanceOfType(slackEvent))
                {
                    await runner.Run(registration.HandlerType, context, async handler =>
                    {
                        await HandlerInvokers.InvokeEventHandler(registration.EventType, handler, slackEvent).ConfigureAwait(false);
                        return true;
                    }).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            var attempts = item.Attempts + 1;
            var error = $"{exception.GetType().Name}: {exception.Message}";
            if (attempts >= _options.MaxAttempts)
            {
                InboxLog.EventFailed(logger, exception, item.EventId, item.EventType, attempts);
                await inbox.MarkFailed(item.EventId, error, attempts, null, stoppingToken).ConfigureAwait(false);
                return null;
            }

            var retryAt = time.GetUtcNow().UtcDateTime + _options.RetryDelay(attempts);
            InboxLog.EventWillRetry(logger, exception, item.EventId, item.EventType, attempts, retryAt);
            await inbox.MarkFailed(item.EventId, error, attempts, retryAt, stoppingToken).ConfigureAwait(false);
            return retryAt;
        }

        marks.Add(inbox.MarkDone(item.EventId, time.GetUtcNow().UtcDateTime, stoppingToken));
        return null;
    }

    private async Task WaitForWork(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await signal.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The wait ran out: look for due retries.
        }
    }
}
