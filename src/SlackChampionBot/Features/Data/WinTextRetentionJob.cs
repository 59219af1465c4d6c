using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>
/// Daily (<c>Data:RetentionCron</c>): with <c>Data:RetainWinTextMonths</c> set, blanks the text of every win posted
/// before the start of the company-calendar day that many months ago. The win keeps everything that counts: its stars,
/// credits and cheers, its customer, stage, kind of experience and KPI, and its place in the history (boards, "3rd win
/// this month"). Idempotent: a blank text is not blanked again. Off (0) by default.
/// </summary>
internal sealed class WinTextRetentionJob(BotDbContext db, IOptions<DataOptions> options, IOptions<SchedulingOptions> scheduling, TimeProvider time, ILogger<WinTextRetentionJob> logger) : IScheduledJob
{
    public const string JobId = "win-text-retention";

    public async Task Run(CancellationToken cancellationToken)
    {
        if (options.Value.RetainWinTextMonths is not (> 0 and var months))
        {
            return;
        }

        var calendar = scheduling.Value.Calendar;
        var cutoff = calendar.StartOfDayUtc(calendar.LocalDate(time.GetUtcNow().UtcDateTime).AddMonths(-months));
        var blanked = await db.Set<Win>()
            .Where(w => w.CreatedAt < cutoff && w.Text != string.Empty)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Text, string.Empty), cancellationToken);
        if (blanked > 0)
        {
            DataLog.WinTextsBlanked(logger, blanked, months);
        }
    }
}
