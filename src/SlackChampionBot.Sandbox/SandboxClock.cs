namespace SlackChampionBot.Sandbox;

/// <summary>
/// The sandbox's clock: the machine's time plus an offset that only moves forward, so a visitor can jump to Friday
/// afternoon or to the next day. The bot's <see cref="TimeProvider"/> and the emulator's timestamps both read it.
/// Timers still run in real time (a jump does not fire them); the sandbox runs what a jump made due itself.
/// </summary>
public sealed class SandboxClock(TimeProvider? real = null) : TimeProvider
{
    private readonly TimeProvider _real = real ?? System;
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <summary>Moves the clock forward to <paramref name="moment"/> (a moment in the past is ignored) and returns the time before the jump.</summary>
    public DateTimeOffset JumpTo(DateTimeOffset moment)
    {
        var before = GetUtcNow();
        if (moment > before)
        {
            Interlocked.Add(ref _offsetTicks, (moment - before).Ticks);
        }

        return before;
    }
}
