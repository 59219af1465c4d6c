namespace SlackChampionBot.Features.Pulse;

internal enum PulseMeasureKind
{
    /// <summary>People who answered at least one question.</summary>
    Responses,

    /// <summary>Answers to one agreement statement.</summary>
    Answers,

    /// <summary>Answers to the eNPS question.</summary>
    Enps,

    /// <summary>Comments.</summary>
    Comments,
}

/// <summary>What a count is a count of: responses, the answers to statement <see cref="Question"/>, eNPS answers, comments.</summary>
internal readonly record struct PulseMeasure(PulseMeasureKind Kind, int Question = 0)
{
    public static PulseMeasure Responses => new(PulseMeasureKind.Responses);

    public static PulseMeasure Enps => new(PulseMeasureKind.Enps);

    public static PulseMeasure Comments => new(PulseMeasureKind.Comments);

    public static PulseMeasure Answers(int question) => new(PulseMeasureKind.Answers, question);

    public override string ToString() => Kind == PulseMeasureKind.Answers ? $"answers to statement {Question + 1}" : Kind.ToString().ToLowerInvariant();
}

/// <summary>
/// One group's counts per measure. <see cref="GroupId"/> null is the group of everyone in no team (after close, also
/// everyone in a team whose row was hidden): it counts towards every total and remainder, and is never shown as a row.
/// </summary>
internal sealed record PulseGroupCounts(string? GroupId, IReadOnlyDictionary<PulseMeasure, int> Counts)
{
    public int this[PulseMeasure measure] => Counts.GetValueOrDefault(measure);

    /// <summary>The counts of one group's responses (and of the comments it wrote, when known).</summary>
    public static PulseGroupCounts Of(string? groupId, IReadOnlyCollection<PulseResponse> responses, int questions, int comments = 0)
    {
        var counts = new Dictionary<PulseMeasure, int>
        {
            [PulseMeasure.Responses] = responses.Count,
            [PulseMeasure.Enps] = responses.Count(r => r.Enps is not null),
            [PulseMeasure.Comments] = comments,
        };
        for (var q = 0; q < questions; q++)
        {
            counts[PulseMeasure.Answers(q)] = responses.Count(r => r.GetAnswer(q) is not null);
        }

        return new PulseGroupCounts(groupId, counts);
    }
}

/// <summary>What may be shown of a survey: each measure's total, and each group's figure per measure ("cells").</summary>
internal sealed class PulseVisibility(
    int threshold,
    IReadOnlyDictionary<PulseMeasure, int> totals,
    IReadOnlySet<PulseMeasure> shownTotals,
    IReadOnlyDictionary<string, HashSet<PulseMeasure>> cells)
{
    public int Threshold => threshold;

    /// <summary>Fewer responses than the threshold: nothing but the count may be shown.</summary>
    public bool ReportShown => Shown(PulseMeasure.Responses);

    /// <summary>The groups whose row may be shown, in id order.</summary>
    public IReadOnlyList<string> ShownGroups { get; } = [.. cells.Where(c => c.Value.Contains(PulseMeasure.Responses)).Select(c => c.Key).Order(StringComparer.Ordinal)];

    public int Total(PulseMeasure measure) => totals.GetValueOrDefault(measure);

    /// <summary>Whether the figure for everyone (a statement's mean, the eNPS, the comments) may be shown.</summary>
    public bool Shown(PulseMeasure measure) => shownTotals.Contains(measure);

    /// <summary>Whether one group's figure for <paramref name="measure"/> may be shown (never for the no-team group).</summary>
    public bool Shown(string? groupId, PulseMeasure measure) =>
        groupId is not null && cells.TryGetValue(groupId, out var shown) && shown.Contains(measure);
}

/// <summary>
/// The one place the anonymity threshold is applied to pulse results: the Slack results, the CSV export and any later
/// view (trend charts) take what they show from <see cref="Apply"/>. It starts from every group figure with at least
/// <c>threshold</c> behind it and hides more, smallest first, until for every measure the remainder a reader can
/// compute (the total minus any combination of shown group figures) is 0 or at least the threshold. Because each shown
/// figure is itself at least the threshold, that holds for every combination exactly when the sum of what is hidden is
/// 0 or at least the threshold, which is what the loop checks. Hiding a group's response count hides its whole row.
/// Example: threshold 5, teams of 5 and 5, one responder in no team: one team is hidden, else total minus both teams
/// would be that one person's answers.
/// </summary>
internal static class PulseSuppression
{
    public static PulseVisibility Apply(int threshold, IEnumerable<PulseGroupCounts> groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var list = groups.ToList();
        var measures = list.SelectMany(g => g.Counts.Keys).Distinct().OrderBy(m => m.Kind).ThenBy(m => m.Question).ToList();
        var totals = measures.ToDictionary(m => m, m => list.Sum(g => g[m]));
        var byGroup = list.Where(g => g.GroupId is not null)
            .GroupBy(g => g.GroupId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => measures.ToDictionary(m => m, m => g.Sum(x => x[m])), StringComparer.Ordinal);

        // The threshold rule itself, in one line: a figure may be shown with at least `threshold` people behind it.
        bool Enough(int count) => count >= threshold;

        // Totals: nothing at all under the threshold of responses; then each measure with enough behind it.
        var shownTotals = Enough(totals.GetValueOrDefault(PulseMeasure.Responses))
            ? measures.Where(m => Enough(totals[m])).ToHashSet()
            : [];

        // Start: a group's figure for a measure when it has enough behind it and the measure is shown at all.
        var cells = new Dictionary<string, HashSet<PulseMeasure>>(StringComparer.Ordinal);
        foreach (var (groupId, counts) in byGroup)
        {
            cells[groupId] = shownTotals.Contains(PulseMeasure.Responses) && Enough(counts[PulseMeasure.Responses])
                ? [.. measures.Where(m => shownTotals.Contains(m) && Enough(counts[m]))]
                : [];
        }

        // Hide, smallest figure first, until no measure has a remainder between 1 and threshold - 1.
        bool changed;
        do
        {
            changed = false;
            foreach (var measure in measures)
            {
                var showing = cells.Where(c => c.Value.Contains(measure)).Select(c => c.Key).ToList();
                var hidden = totals[measure] - showing.Sum(g => byGroup[g][measure]);
                if (hidden <= 0 || Enough(hidden) || showing.Count == 0)
                {
                    continue;
                }

                var smallest = showing.OrderBy(g => byGroup[g][measure]).ThenBy(g => g, StringComparer.Ordinal).First();
                if (measure == PulseMeasure.Responses)
                {
                    cells[smallest].Clear();
                }
                else
                {
                    cells[smallest].Remove(measure);
                }

                changed = true;
            }
        }
        while (changed);

        return new PulseVisibility(threshold, totals, shownTotals, cells);
    }
}
