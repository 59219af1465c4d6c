namespace SlackChampionBot.Slack.SocketMode;

/// <summary>Jittered exponential backoff: initial × 2^failures, capped, then ±20 % so that sockets do not reconnect in step.</summary>
internal static class SocketModeBackoff
{
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max, double random)
    {
        var exponent = Math.Clamp(failures, 0, 30);
        var nominal = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jittered = nominal * (0.8 + (0.4 * Math.Clamp(random, 0, 1)));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }
}
