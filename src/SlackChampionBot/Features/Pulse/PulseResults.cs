using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

internal sealed record QuestionResult(int Index, string Statement, int N, double Mean, double FavourablePercent, IReadOnlyList<int> Distribution, double? MeanChange);

/// <summary>eNPS with n; <see cref="Change"/> is against the survey that opened at <see cref="ChangeSince"/>.</summary>
internal sealed record EnpsResult(int N, int Promoters, int Passives, int Detractors, double Score, double? Change = null, DateTime? ChangeSince = null);

/// <summary>A team row: <see cref="Mean"/> and <see cref="FavourablePercent"/> over the statements shown for that team (null when none is).</summary>
internal sealed record TeamResult(string GroupId, string Name, int N, double? Mean, double? FavourablePercent, EnpsResult? Enps);

internal abstract record PulseReport;

/// <summary>No closed survey matches what was asked.</summary>
internal sealed record PulseReportMissing(string Reason) : PulseReport;

/// <summary>Fewer responses than the threshold: nothing but this may be shown.</summary>
internal sealed record PulseReportWithheld(DateTime OpenedAt, int Responses, int Threshold) : PulseReport;

internal sealed record PulseReportReady(
    DateTime OpenedAt,
    DateTime ClosedAt,
    int Threshold,
    int Delivered,
    int Responses,
    IReadOnlyList<QuestionResult> Questions,
    EnpsResult? Enps,
    DateTime? PreviousOpenedAt,
    IReadOnlyList<string> Comments,
    int CommentCount,
    IReadOnlyList<TeamResult> Teams,
    IReadOnlyList<TeamRecognition> Recognition) : PulseReport
{
    public double ResponseRatePercent => Delivered == 0 ? 0 : 100.0 * Responses / Delivered;
}

/// <summary>
/// HR's view of closed surveys. What may be shown comes from <see cref="PulseSuppression.Apply"/> (so the Slack answer
/// and the CSV export, both rendered from this record, obey the same rules): nothing below the threshold, a
/// statement or the eNPS only with enough answers, comments only with enough comments (in random order), team rows and
/// each team figure only where no remainder gives a small group away. Teams are those stored at close (only teams whose
/// row could be shown; everyone else counts in the no-team group). Open surveys are never shown: live figures would
/// let someone match changes to people.
/// </summary>
internal sealed class PulseResults(
    BotDbContext db,
    IOptions<PulseOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TeamStars teamStars,
    UserGroupDirectory groups,
    TimeProvider time)
{
    public async Task<PulseReport> Build(string teamId, string? selector, CancellationToken cancellationToken)
    {
        var closed = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == teamId && s.ClosedAt != null)
            .OrderByDescending(s => s.OpenedAt)
            .ToListAsync(cancellationToken);

        var (survey, problem) = Select(closed, selector?.Trim() ?? string.Empty);
        if (survey is null)
        {
            return new PulseReportMissing(problem!);
        }

        return await Build(teamId, closed, survey, cancellationToken);
    }

    /// <summary>
    /// Each closed survey that opened at or after <paramref name="sinceUtc"/>, oldest first, with its report as
    /// <c>/pulse results</c> would show it (a withheld survey stays withheld): the trends use these and nothing else.
    /// </summary>
    public async Task<IReadOnlyList<PulseReport>> Since(string teamId, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var closed = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == teamId && s.ClosedAt != null)
            .OrderByDescending(s => s.OpenedAt)
            .ToListAsync(cancellationToken);
        var reports = new List<PulseReport>();
        foreach (var survey in closed.Where(s => s.OpenedAt >= sinceUtc).OrderBy(s => s.OpenedAt))
        {
            reports.Add(await Build(teamId, closed, survey, cancellationToken));
        }

        return reports;
    }

    private async Task<PulseReport> Build(string teamId, List<PulseSurvey> closed, PulseSurvey survey, CancellationToken cancellationToken)
    {
        var threshold = ThresholdOf(survey);
        var responses = await Responses(survey.Id, cancellationToken);
        var statements = PulseSurveyView.From(survey).Questions;
        var comments = await db.Set<PulseComment>().AsNoTracking().Where(c => c.SurveyId == survey.Id).Select(c => c.Text).ToListAsync(cancellationToken);
        var visibility = Visibility(responses, statements.Count, comments.Count, threshold);
        if (!visibility.ReportShown)
        {
            return new PulseReportWithheld(survey.OpenedAt, responses.Count, threshold);
        }

        var previous = closed.FirstOrDefault(s => s.OpenedAt < survey.OpenedAt);
        var previousResponses = previous is null ? null : await Responses(previous.Id, cancellationToken);
        var previousStatements = previous is null ? [] : PulseSurveyView.From(previous).Questions;
        var previousVisibility = previousResponses is null ? null : Visibility(previousResponses, previousStatements.Count, 0, Math.Max(ThresholdOf(previous!), threshold));
        var previousUsable = previousVisibility?.ReportShown == true;

        var questions = new List<QuestionResult>();
        for (var i = 0; i < statements.Count; i++)
        {
            if (!visibility.Shown(PulseMeasure.Answers(i)))
            {
                continue;
            }

            var values = responses.Select(r => r.GetAnswer(i)).OfType<int>().ToList();
            double? change = null;
            var previousIndex = previousUsable ? IndexOf(previousStatements, statements[i]) : -1;
            if (previousIndex >= 0 && previousVisibility!.Shown(PulseMeasure.Answers(previousIndex)))
            {
                change = values.Average() - previousResponses!.Select(r => r.GetAnswer(previousIndex)).OfType<int>().Average();
            }

            questions.Add(new QuestionResult(i, statements[i], values.Count, values.Average(), Favourable(values),
                Enumerable.Range(1, 5).Select(v => values.Count(x => x == v)).ToArray(), change));
        }

        var enps = visibility.Shown(PulseMeasure.Enps) ? Enps(responses, await PreviousEnps(closed, survey, threshold, cancellationToken)) : null;
        var shownComments = visibility.Shown(PulseMeasure.Comments) ? Shuffled(comments) : [];

        var teams = new List<TeamResult>();
        foreach (var groupId in visibility.ShownGroups)
        {
            var list = responses.Where(r => r.TeamGroupId == groupId).ToList();
            var all = Enumerable.Range(0, statements.Count)
                .Where(i => visibility.Shown(groupId, PulseMeasure.Answers(i)))
                .SelectMany(i => list.Select(r => r.GetAnswer(i)))
                .OfType<int>()
                .ToList();
            var name = (await groups.Find(teamId, groupId, cancellationToken))?.Name ?? groupId;
            teams.Add(new TeamResult(groupId, name, list.Count, all.Count == 0 ? null : all.Average(), all.Count == 0 ? null : Favourable(all),
                visibility.Shown(groupId, PulseMeasure.Enps) ? Enps(list) : null));
        }

        return new PulseReportReady(survey.OpenedAt, survey.ClosedAt!.Value, threshold, survey.DeliveredCount, responses.Count,
            questions, enps, previousUsable ? previous!.OpenedAt : null, shownComments, comments.Count,
            [.. teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)],
            await Recognition(teamId, survey, cancellationToken));
    }

    /// <summary>The groups as stored at close (a team id, or null for everyone else) and what of them may be shown.</summary>
    internal static PulseVisibility Visibility(IReadOnlyList<PulseResponse> responses, int questions, int comments, int threshold) =>
        PulseSuppression.Apply(threshold, responses
            .GroupBy(r => r.TeamGroupId)
            .Select(g => PulseGroupCounts.Of(g.Key, g.ToList(), questions))
            .Append(new PulseGroupCounts(null, new Dictionary<PulseMeasure, int> { [PulseMeasure.Comments] = comments })));

    /// <summary>The threshold in force when the survey opened, or today's if that is higher (results never use a lower one).</summary>
    private int ThresholdOf(PulseSurvey survey) => Math.Max(survey.Threshold, options.Value.AnonymityThreshold);

    /// <summary>Stars given and received per team in the survey period, and teams with no star in the 30 days up to now.</summary>
    private Task<IReadOnlyList<TeamRecognition>> Recognition(string teamId, PulseSurvey survey, CancellationToken cancellationToken) =>
        teamStars.ByTeam(teamId, survey.OpenedAt, survey.ClosesAt, time.GetUtcNow().UtcDateTime, cancellationToken);

    private (PulseSurvey? Survey, string? Problem) Select(List<PulseSurvey> closed, string selector)
    {
        if (closed.Count == 0)
        {
            return (null, "No pulse has closed yet, so there are no results to show.");
        }

        if (selector.Length == 0 || selector.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return (closed[0], null);
        }

        if (selector.Equals("previous", StringComparison.OrdinalIgnoreCase))
        {
            return closed.Count > 1 ? (closed[1], null) : (null, "There is only one closed pulse so far; try `/pulse results latest`.");
        }

        if (DateOnly.TryParseExact(selector, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var calendar = scheduling.Value.Calendar;
            var match = closed.FirstOrDefault(s => calendar.LocalDate(s.OpenedAt) <= date);
            return match is null ? (null, $"No pulse had opened by {selector}.") : (match, null);
        }

        return (null, "Try `/pulse results`, `/pulse results previous` or `/pulse results 2026-03-17` (the date a pulse opened).");
    }

    private async Task<List<PulseResponse>> Responses(long surveyId, CancellationToken cancellationToken) =>
        await db.Set<PulseResponse>().AsNoTracking().Where(r => r.SurveyId == surveyId).ToListAsync(cancellationToken);

    /// <summary>
    /// What this survey's eNPS is compared with: the latest earlier closed survey that asked the eNPS question, when it
    /// had enough eNPS answers to be shown. With eNPS asked every second survey (the default) that is usually not the
    /// survey just before, which the question means are compared with.
    /// </summary>
    private async Task<(EnpsResult Result, DateTime OpenedAt)?> PreviousEnps(List<PulseSurvey> closed, PulseSurvey survey, int threshold, CancellationToken cancellationToken)
    {
        var earlier = closed.FirstOrDefault(s => s.OpenedAt < survey.OpenedAt && s.IncludesEnps);
        if (earlier is null)
        {
            return null;
        }

        var earlierResponses = await Responses(earlier.Id, cancellationToken);
        var shown = Visibility(earlierResponses, PulseSurveyView.From(earlier).Questions.Count, 0, Math.Max(ThresholdOf(earlier), threshold)).Shown(PulseMeasure.Enps);
        return shown ? (Enps(earlierResponses), earlier.OpenedAt) : null;
    }

    /// <summary>eNPS of <paramref name="responses"/>; call only where <see cref="PulseSuppression"/> shows it.</summary>
    private static EnpsResult Enps(IReadOnlyList<PulseResponse> responses, (EnpsResult Result, DateTime OpenedAt)? previous = null)
    {
        var scores = responses.Select(r => r.Enps).OfType<int>().ToList();
        var promoters = scores.Count(s => s >= 9);
        var detractors = scores.Count(s => s <= 6);
        var score = 100.0 * (promoters - detractors) / scores.Count;
        return new EnpsResult(scores.Count, promoters, scores.Count - promoters - detractors, detractors, score,
            score - previous?.Result.Score, previous?.OpenedAt);
    }

    private static double Favourable(IReadOnlyCollection<int> values) => values.Count == 0 ? 0 : 100.0 * values.Count(v => v >= 4) / values.Count;

    private static int IndexOf(IReadOnlyList<string> statements, string statement)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (string.Equals(statements[i], statement, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> Shuffled(List<string> items)
    {
        var array = items.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return [.. array];
    }
}
