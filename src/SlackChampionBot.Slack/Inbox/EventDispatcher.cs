using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Inbox;

/// <summary>
/// This instance's consumer of the inbox (on a shared database every instance runs one; their claims never overlap):
/// claims due events (including ones left over from before a restart), runs every
/// <see cref="IEventHandler{TEvent}"/> whose event type matches (in registration order, each in a new DI scope), and
/// marks the event done. Events run in lanes by their ordering key (<see cref="EventLanes"/>): one after another within
/// a lane, in the order they arrived, and up to <see cref="SlackAdapterOptions.DispatchConcurrency"/> lanes side by
/// side, so a backlog in one channel that Slack's pacing holds up never delays an App Home opening or another channel.
/// When every slot is busy and another lane waits, a lane gives its slot up after each event (round robin).
/// <para>
/// A failing handler makes the whole event retry with exponential backoff up to
/// <see cref="EventDispatcherOptions.MaxAttempts"/>, then it is marked failed with the error; its lane moves on
/// meanwhile. Handlers therefore must be idempotent: on a retry, handlers that already succeeded run again.
/// Woken at once by <see cref="InboxSignal"/> when an event is accepted; otherwise it sleeps until the next retry it
/// scheduled or the poll interval, whichever is first.
/// </para>
/// <para>
/// On stop it claims nothing more and lanes start no new event; the events running are left to finish while the host's
/// shutdown budget lasts, and are abandoned after it. An event not marked done stays pending in the inbox and runs
/// once its claim ends (at the next start, or on a shared database when its lease runs out, in whichever instance
/// claims it), so nothing is lost and nothing that was marked done runs twice.
/// </para>
/// </summary>
internal sealed class EventDispatcher(
    ISlackEventInbox inbox,
    InboxSignal signal,
    SlackHandlerRegistry registry,
    SlackHandlerRunner runner,
    IOptions<EventDispatcherOptions> dispatcherOptions,
    IOptions<SlackAdapterOptions> adapterOptions,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    /// <summary>The last second DateTimeOffset can hold (9999-12-31): a hostile event_time beyond it means "no time", not a failure.</summary>
    private const long MaxUnixSeconds = 253402300799;

    private readonly EventDispatcherOptions _options = dispatcherOptions.Value;
    private readonly int _concurrency = Math.Max(1, adapterOptions.Value.DispatchConcurrency);

    // Lane state, the retry times and the work in flight, guarded by _lock.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Queue<Lane> _ready = new();
    private readonly PriorityQueue<DateTime, DateTime> _retries = new();
    private readonly HashSet<Task> _inFlight = [];
    private int _running;

    // Events claimed and not yet marked (in lanes, running, or being marked).
    private int _held;

    /// <summary>Events claimed and not yet marked done or failed; for tests.</summary>
    internal int Held => Volatile.Read(ref _held);

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        // Let the host finish starting (and migrations run) before the first claim.
        await Task.Yield();

        // Stop claiming as soon as the host begins to stop, not only when this service's turn comes: the Web API
        // client gives up its waits at the same moment (ApplicationStopping), and those handlers count as abandoned.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                signal.TryConsume();
                var now = time.GetUtcNow().UtcDateTime;
                var room = Math.Min(_options.BatchSize, _options.MaxHeldEvents - Held);
                var due = room > 0 ? await inbox.ClaimDue(now, room, stoppingToken).ConfigureAwait(false) : [];
                foreach (var item in due)
                {
                    Accept(item, stoppingToken);
                }

                Pump(stoppingToken);
                if (due.Count > 0 && due.Count == room)
                {
                    // There may be more due right now.
                    continue;
                }

                await WaitForWork(NextWait(now), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                InboxLog.InboxUnavailable(logger, exception);
                await WaitForWork(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }

        // Stopping: nothing new starts; wait for what runs (the host stops waiting when its shutdown budget is spent).
        while (InFlightSnapshot() is { Length: > 0 } running)
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>Parses a claimed event and queues it in its lane (an unreadable one is marked failed).</summary>
    private void Accept(SlackInboxEvent item, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _held);
        EventCallback callback;
        Event slackEvent;
        try
        {
            (callback, slackEvent) = SlackEventParser.Parse(item.RawJson ?? throw new FormatException("The event has no body."));
        }
        catch (FormatException exception)
        {
            InboxLog.EventUnreadable(logger, exception, item.EventId);
            Track(inbox.MarkFailed(item.EventId, exception.Message, item.Attempts + 1, null, stoppingToken));
            return;
        }

        var key = EventLanes.KeyOf(slackEvent);
        lock (_lock)
        {
            if (!_lanes.TryGetValue(key, out var lane))
            {
                lane = new Lane(key);
                _lanes.Add(key, lane);
            }

            lane.Queue.Enqueue(new Work(item, callback, slackEvent));
            if (!lane.Scheduled)
            {
                lane.Scheduled = true;
                _ready.Enqueue(lane);
            }
        }
    }

    /// <summary>Starts waiting lanes while there are free slots.</summary>
    private void Pump(CancellationToken stoppingToken)
    {
        lock (_lock)
        {
            while (_running < _concurrency && !stoppingToken.IsCancellationRequested && _ready.TryDequeue(out var lane))
            {
                _running++;
                lane.RanOne = false;
                _inFlight.Add(RunLane(lane, stoppingToken));
            }
        }
    }

    /// <summary>Runs a lane's events in order until it is empty, the dispatcher stops, or another lane waits for the slot.</summary>
    private async Task RunLane(Lane lane, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                Work work;
                lock (_lock)
                {
                    if (lane.Queue.Count == 0 || stoppingToken.IsCancellationRequested)
                    {
                        lane.Scheduled = false;
                        if (lane.Queue.Count == 0)
                        {
                            _lanes.Remove(lane.Key);
                        }

                        return;
                    }

                    if (lane.RanOne && _ready.Count > 0)
                    {
                        // Round robin: the slot goes to the lane that waited longest, this one queues behind it.
                        lane.RanOne = false;
                        _ready.Enqueue(lane);
                        return;
                    }

                    work = lane.Queue.Dequeue();
                    lane.RanOne = true;
                }

                await Process(work, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                _running--;
            }

            Pump(stoppingToken);
        }
    }

    /// <summary>Runs one event's handlers and records the outcome (a retry time goes to the retry queue).</summary>
    private async Task Process(Work work, CancellationToken stoppingToken)
    {
        var item = work.Item;
        try
        {
            // The transport is the one the event arrived on, stored with it (an app in Socket Mode may also get HTTP events).
            var context = new InboundContext(
                item.Transport,
                item.TeamId,
                work.Callback.EnterpriseId,
                item.EventId,
                work.Callback.EventTime is > 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(work.Callback.EventTime) : null);
            foreach (var registration in registry.EventHandlers)
            {
                if (registration.EventType.IsInstanceOfType(work.Event))
                {
                    await runner.Run(registration.HandlerType, context, async handler =>
                    {
                        await HandlerInvokers.InvokeEventHandler(registration.EventType, handler, work.Event).ConfigureAwait(false);
                        return true;
                    }).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Abandoned on stop (the Web API client gave up a wait): it stays pending and runs at the next start.
            // (ApplicationStopping is asked too: its flag is set before any of its callbacks, ours included, run.)
            Interlocked.Decrement(ref _held);
            return;
        }
        catch (Exception exception)
        {
            var attempts = item.Attempts + 1;
            var error = $"{exception.GetType().Name}: {exception.Message}";
            if (attempts >= _options.MaxAttempts)
            {
                InboxLog.EventFailed(logger, exception, item.EventId, item.EventType, attempts);
                Track(inbox.MarkFailed(item.EventId, error, attempts, null, stoppingToken));
                return;
            }

            var retryAt = time.GetUtcNow().UtcDateTime + _options.RetryDelay(attempts);
            InboxLog.EventWillRetry(logger, exception, item.EventId, item.EventType, attempts, retryAt);
            lock (_lock)
            {
                _retries.Enqueue(retryAt, retryAt);
            }

            Track(inbox.MarkFailed(item.EventId, error, attempts, retryAt, stoppingToken));
            // Wake the claiming loop so that it sleeps until this retry rather than the whole poll interval.
            signal.Notify();
            return;
        }

        // The lane goes on to its next event at once; the "done" marks of events finishing together are committed
        // together by the inbox's writer.
        Track(inbox.MarkDone(item.EventId, time.GetUtcNow().UtcDateTime, stoppingToken));
    }

    /// <summary>Follows a mark until it is written: then the event no longer counts as held.</summary>
    private void Track(Task mark)
    {
        lock (_lock)
        {
            _inFlight.Add(mark);
        }

        _ = Finished(mark);
    }

    private async Task Finished(Task mark)
    {
        try
        {
            await mark.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Not written: the row stays pending (and claimed), so it runs again once its claim ends.
            InboxLog.InboxUnavailable(logger, exception);
        }

        if (Interlocked.Decrement(ref _held) == _options.MaxHeldEvents - 1)
        {
            // There is room to claim again.
            signal.Notify();
        }
    }

    private Task[] InFlightSnapshot()
    {
        lock (_lock)
        {
            _inFlight.RemoveWhere(t => t.IsCompleted);
            return [.. _inFlight];
        }
    }

    /// <summary>Until the earliest retry this dispatcher scheduled, or the poll interval.</summary>
    private TimeSpan NextWait(DateTime now)
    {
        lock (_lock)
        {
            _inFlight.RemoveWhere(t => t.IsCompleted);
            while (_retries.TryPeek(out var due, out _) && due <= now)
            {
                _retries.Dequeue();
            }

            return _retries.TryPeek(out var retryAt, out _) && retryAt - now < _options.PollInterval ? retryAt - now : _options.PollInterval;
        }
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
        catch (OperationCanceledException)
        {
            // The wait ran out (look for due retries), or the dispatcher is stopping (the loop ends).
        }
    }

    private sealed record Work(SlackInboxEvent Item, EventCallback Callback, Event Event);

    private sealed class Lane(string key)
    {
        public string Key { get; } = key;

        public Queue<Work> Queue { get; } = new();

        /// <summary>Waiting in the ready queue or running.</summary>
        public bool Scheduled { get; set; }

        /// <summary>Ran an event since it got its slot (so it may give the slot up).</summary>
        public bool RanOne { get; set; }
    }
}
