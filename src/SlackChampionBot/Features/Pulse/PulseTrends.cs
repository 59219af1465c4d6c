using System.Globalization;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// One closed survey on the trend chart. <see cref="Shown"/> is false for a survey below the threshold: it has no n
/// and no value. Each value is null where the results hide it (too few answers to that statement, or to the eNPS).
/// </summary>
internal sealed record PulseTrendPoint(DateTime OpenedAt, bool Shown, int? N, double? Enps, int? EnpsN, IReadOnlyList<double?> FavourablePercent);

/// <summary>Stars given and received by one team in one month, and its engagement (% favourable) where its row was shown.</summary>
internal sealed record TeamMonthPoint(DateOnly Month, string GroupId, string Name, int StarsGiven, int StarsReceived, double? EngagementPercent);

/// <summary>The series of <c>/pulse trends</c>: from the months' closed surveys as the results show them, and the ledger.</summary>
internal sealed record PulseTrendSeries(DateOnly FromMonth, DateOnly ToMonth, IReadOnlyList<string> Statements, IReadOnlyList<PulseTrendPoint> Surveys, IReadOnlyList<TeamMonthPoint> Teams);

/// <summary>
/// HR's trends over the last months. Every pulse number comes from <see cref="PulseResults"/>, so through
/// <see cref="PulseSuppression"/> exactly as <c>/pulse results</c> shows it: a withheld survey is a gap, a hidden
/// statement or eNPS a missing point, a hidden team row no engagement figure. Stars are the ledger's sums per team.
/// </summary>
internal sealed class PulseTrends(PulseResults results, TeamStars teamStars, IOptions<SchedulingOptions> scheduling, TimeProvider time)
{
    public const int DefaultMonths = 12;
    public const int MaxMonths = 36;

    /// <summary>Parses the <c>[months]</c> argument: empty is the default; otherwise 1 to <see cref="MaxMonths"/>.</summary>
    public static int? ParseMonths(string? argument) =>
        string.IsNullOrWhiteSpace(argument) ? DefaultMonths
        : int.TryParse(argument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= MaxMonths ? months
        : null;

    public async Task<PulseTrendSeries> Build(string teamId, int months, CancellationToken cancellationToken)
    {
        var calendar = scheduling.Value.Calendar;
        var now = time.GetUtcNow().UtcDateTime;
        var thisMonth = CompanyCalendar.StartOfMonth(calendar.LocalDate(now));
        var from = thisMonth.AddMonths(-(months - 1));
        var reports = await results.Since(teamId, calendar.StartOfDayUtc(from), cancellationToken);

        var statements = reports.OfType<PulseReportReady>().SelectMany(r => r.Questions.Select(q => q.Statement)).Distinct(StringComparer.Ordinal).ToList();
        var surveys = reports.Select(report => report switch
        {
            PulseReportReady r => new PulseTrendPoint(r.OpenedAt, true, r.Responses, r.Enps?.Score, r.Enps?.N,
                [.. statements.Select(s => r.Questions.FirstOrDefault(q => q.Statement == s)?.FavourablePercent)]),
            PulseReportWithheld w => new PulseTrendPoint(w.OpenedAt, false, null, null, null, [.. statements.Select(_ => (double?)null)]),
            _ => null,
        }).OfType<PulseTrendPoint>().ToList();

        var teams = new List<TeamMonthPoint>();
        for (var month = from; month <= thisMonth; month = month.AddMonths(1))
        {
            var bounds = calendar.Month(month);
            var engagement = reports.OfType<PulseReportReady>()
                .Where(r => bounds.Contains(r.OpenedAt))
                .SelectMany(r => r.Teams.Where(t => t.FavourablePercent is not null).Select(t => (t.GroupId, t.FavourablePercent!.Value, r.OpenedAt)))
                .GroupBy(t => t.GroupId)
                .ToDictionary(g => g.Key, g => g.OrderBy(t => t.OpenedAt).Last().Value, StringComparer.Ordinal);
            foreach (var team in await teamStars.ByTeam(teamId, bounds.StartUtc, bounds.EndUtc < now ? bounds.EndUtc : now, now, cancellationToken))
            {
                teams.Add(new TeamMonthPoint(month, team.GroupId, team.Name, team.StarsGiven, team.StarsReceived, engagement.TryGetValue(team.GroupId, out var e) ? e : null));
            }
        }

        return new PulseTrendSeries(from, thisMonth, statements, surveys, teams);
    }
}

/// <summary><c>/pulse trends [months]</c>: the two charts (PNG) and their series (CSV), uploaded to the HR person's DM.</summary>
internal sealed class PulseTrendsDelivery(PulseTrends trends, ISlackApiClient slack)
{
    public async Task SendTo(string teamId, string userId, int months, CancellationToken cancellationToken)
    {
        var series = await trends.Build(teamId, months, cancellationToken);
        var channel = await slack.Conversations.Open([userId], cancellationToken);
        if (series.Surveys.Count == 0 && series.Teams.Count == 0)
        {
            await slack.Chat.PostMessage(new Message { Channel = channel, Text = PulseBlocks.NoTrends(months) }, cancellationToken);
            return;
        }

        var period = PulseBlocks.TrendPeriod(series);
        var stamp = string.Create(CultureInfo.InvariantCulture, $"{series.FromMonth:yyyy-MM}-to-{series.ToMonth:yyyy-MM}");
        await slack.Files.Upload(PulseCharts.Engagement(series), $"pulse-trends-{stamp}.png", channel, "Engagement " + period,
            PulseBlocks.TrendsComment(series), cancellationToken);
        if (series.Teams.Count > 0)
        {
            await slack.Files.Upload(PulseCharts.Recognition(series), $"pulse-recognition-{stamp}.png", channel, "Recognition and engagement per team " + period, null, cancellationToken);
        }

        await slack.Files.Upload(PulseBlocks.TrendsCsv(series), $"pulse-trends-{stamp}.csv", channel, "Pulse trends " + period + " (CSV)", null, cancellationToken);
    }
}
