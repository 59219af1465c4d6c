using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SlackChampionBot.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows who is waiting on it: every timer created through it (a
/// <c>Task.Delay(…, time)</c>, a <c>CancellationTokenSource(…, time)</c>, a <see cref="PeriodicTimer"/>) is tracked with
/// the fake time it is due. Tests use it instead of a fixed sleep: "the code is asleep until T" is a fact to wait for
/// (<see cref="WaitForTimer"/>), and after <see cref="FakeTimeProvider.Advance"/> a timer that is still pending
/// (<see cref="IsPending"/>) proves deterministically that the code it would wake has not run.
/// </summary>
public sealed class ObservedFakeTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly List<ObservedTimer> _pending = [];

    /// <summary>The timers not yet fired or disposed, earliest first.</summary>
    public IReadOnlyList<ObservedTimer> Pending
    {
        get
        {
            lock (_lock)
            {
                return [.. _pending.OrderBy(t => t.DueAt)];
            }
        }
    }

    public bool IsPending(ObservedTimer timer)
    {
        lock (_lock)
        {
            return _pending.Contains(timer);
        }
    }

    /// <summary>Waits (bounded) until something sleeps on the clock: a timer is pending that is due later than now.</summary>
    public Task<ObservedTimer> WaitUntilAsleep(TimeSpan? timeout = null) => WaitForTimer(TimeSpan.FromTicks(1), TimeSpan.MaxValue, timeout);

    /// <summary>
    /// Waits (bounded, real time) until a pending timer due at least <paramref name="atLeast"/> and at most
    /// <paramref name="atMost"/> from now exists, that is until the code under test has gone to sleep on the clock.
    /// </summary>
    public async Task<ObservedTimer> WaitForTimer(TimeSpan atLeast, TimeSpan atMost, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var now = GetUtcNow();
            var match = Pending.FirstOrDefault(t => t.DueAt - now >= atLeast && t.DueAt - now <= atMost);
            if (match is not null)
            {
                return match;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"No timer due in [{atLeast}, {atMost}] was created within {limit}; pending: {string.Join(", ", Pending.Select(t => t.DueAt - now))}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> to completion moving the clock only while it sleeps: each time a timer is pending,
    /// the clock jumps exactly to it. Returns how far the clock moved, which is then exact (the sum of the waits),
    /// however slow the machine. Only for code whose every pending timer is a sleep (no attempt timeouts meanwhile)
    /// and that sleeps one at a time: with concurrent workers one may sleep while another is still about to read the
    /// clock, and the jump would move that reading.
    /// </summary>
    public async Task<TimeSpan> AdvanceWhileAsleep(Task work, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var watch = Stopwatch.StartNew();
        var start = GetUtcNow();
        while (!work.IsCompleted)
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"The work did not complete within {limit} of real time.");
            }

            if (Pending.FirstOrDefault() is { } next)
            {
                var wait = next.DueAt - GetUtcNow();
                Advance(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                await Task.Yield();
                continue;
            }

            await Task.WhenAny(work, Task.Delay(5));
        }

        await work;
        return GetUtcNow() - start;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var observed = new ObservedTimer(this);
        observed.Inner = base.CreateTimer(
            s =>
            {
                // A one-shot timer is no longer pending once it fires; a periodic one is due again a period later.
                observed.Fired(period);
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan, // armed below, once tracked, so a zero due time cannot fire before it is known
            Timeout.InfiniteTimeSpan);
        observed.Change(dueTime, period);
        return observed;
    }

    private void Track(ObservedTimer timer, DateTimeOffset? dueAt)
    {
        lock (_lock)
        {
            _pending.Remove(timer);
            if (dueAt is { } due)
            {
                timer.DueAt = due;
                _pending.Add(timer);
            }
        }
    }

    /// <summary>A timer created through <see cref="ObservedFakeTime"/>.</summary>
    public sealed class ObservedTimer(ObservedFakeTime owner) : ITimer
    {
        internal ITimer Inner { get; set; } = null!;

        /// <summary>The fake time it is due (meaningful while pending).</summary>
        public DateTimeOffset DueAt { get; internal set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Track(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.Track(this, null);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        internal void Fired(TimeSpan period) =>
            owner.Track(this, period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : owner.GetUtcNow() + period);
    }
}
