using Humanizer;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Stars;

/// <summary>
/// What fair play says when a limit stops a star: one sentence naming the rule and when it resets, in the giver's own
/// time ("… resets at midnight your time, in 3 hours"). The rules themselves are <see cref="FairPlay"/>'s; the wins
/// feature puts these sentences into its private notes.
/// </summary>
internal static class StarsBlocks
{
    /// <summary>
    /// The sentence for a limit refusal; <paramref name="receiver"/> is how to name the colleague (safe mrkdwn). The
    /// credits limit is a clause ("a win pays at most 5 colleagues…"), said after the names it stopped.
    /// </summary>
    public static string Limit(FairPlayVerdict verdict, string receiver) => verdict.Refusal switch
    {
        StarRefusal.DailyLimit =>
            $"You've given {"gold star".ToQuantity(verdict.Limit)} today; your allowance resets {Resets(verdict)}.",
        StarRefusal.PairMonthlyLimit =>
            $"You've given {receiver} {"gold star".ToQuantity(verdict.Limit)} this month, the most one person can give the same colleague in a month; that resets {Resets(verdict)}.",
        StarRefusal.CreditsPerWin =>
            $"a win pays at most {"colleague".ToQuantity(verdict.Limit)}, the first {verdict.Limit} named.",
        StarRefusal.PaidWinsPerDay =>
            $"Your wins earn you gold stars {Times(verdict.Limit)} a day, so this one is recorded without a star for you; that resets {Resets(verdict)}.",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict.Refusal, "not a fair-play limit"),
    };

    /// <summary>
    /// When a limit resets, in the giver's zone: "at midnight your time, in 3 hours" for their next midnight, else
    /// "on 1 December at 00:00 your time, in 6 days" (a company month begins at another hour in other zones).
    /// </summary>
    public static string Resets(FairPlayVerdict verdict)
    {
        if (verdict.ResetsAtUtc is not { } at)
        {
            return "never";
        }

        var zone = verdict.Giver.Zone;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone);
        var nowLocal = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at - verdict.ResetsIn, DateTimeKind.Utc), zone);
        var when = local.TimeOfDay == TimeSpan.Zero && local.Date == nowLocal.Date.AddDays(1)
            ? "at midnight your time"
            : $"on {local.ToString("d MMMM 'at' HH:mm", BotCulture.English)} your time";
        return $"{when}, in {In(verdict.ResetsIn)}";
    }

    private static string Times(int n) => n switch
    {
        1 => "once",
        2 => "twice",
        _ => $"{n} times",
    };

    private static string In(TimeSpan span) =>
        (span < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : span).Humanize(culture: BotCulture.English, minUnit: TimeUnit.Minute, maxUnit: TimeUnit.Day);
}
