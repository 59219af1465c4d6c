using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SlackChampionBot.Features.Pulse;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// <see cref="PulseSuppression.Apply"/>, the one function every pulse view takes its figures from: examples from the
/// issue, and a property over random groups that every remainder a reader can compute is 0 or at least the threshold.
/// </summary>
public sealed class PulseSuppressionTests
{
    private static readonly PulseMeasure R = PulseMeasure.Responses;

    [Fact]
    public void Apply_TwoTeamsOfFiveAndOneResponderInNoTeam_HidesATeamSoTheTotalGivesNobodyAway()
    {
        var visibility = PulseSuppression.Apply(5, [Group("SA", 5), Group("SB", 5), Group(null, 1)]);

        // Total 11 minus both teams would be the one person in no team: one team goes (the smaller, then by id).
        Assert.Equal(["SB"], visibility.ShownGroups);
        Assert.True(visibility.ReportShown);
        Assert.Equal(11, visibility.Total(R));
    }

    [Fact]
    public void Apply_TwoTeamsOfThreeAmongTwenty_ShowsThemOnlyWhileTheRemainderStaysAtTheThreshold()
    {
        // Threshold 3: teams of 3, 3 and 12, two people in no team. All three shown would leave a remainder of 2.
        var visibility = PulseSuppression.Apply(3, [Group("SA", 3), Group("SB", 3), Group("SC", 12), Group(null, 2)]);
        Assert.Equal(["SB", "SC"], visibility.ShownGroups);

        // Threshold 5: neither team of 3 is shown, and the remainder 8 is fine.
        Assert.Equal(["SC"], PulseSuppression.Apply(5, [Group("SA", 3), Group("SB", 3), Group("SC", 12), Group(null, 2)]).ShownGroups);
    }

    [Theory]
    [InlineData(5, 5, true)]
    [InlineData(5, 4, false)]
    [InlineData(3, 3, true)]
    public void Apply_ExactlyTheThreshold_IsShown(int threshold, int responses, bool shown)
    {
        var visibility = PulseSuppression.Apply(threshold, [Group("SA", responses)]);

        Assert.Equal(shown, visibility.ReportShown);
        Assert.Equal(shown, visibility.Shown(PulseMeasure.Answers(0)));
        Assert.Equal(shown, visibility.Shown("SA", R));
        Assert.Equal(shown ? new[] { "SA" } : Array.Empty<string>(), visibility.ShownGroups);
    }

    [Fact]
    public void Apply_OneStatementSkippedByOnePersonInATeam_HidesThatFigureAndTheNextSmallest_NotTheRows()
    {
        // Statement 2: team A has 4 answers (under 5), B has 6, C has 7: showing B and C would leave 4 = A's answers.
        // Hiding A's figure leaves 4 hidden; then B's goes too (hidden 10). Rows and statement 1 stay.
        var groups = new[]
        {
            Group("SA", 5, answers: [5, 4]),
            Group("SB", 6, answers: [6, 6]),
            Group("SC", 7, answers: [7, 7]),
        };
        var visibility = PulseSuppression.Apply(5, groups);

        Assert.Equal(["SA", "SB", "SC"], visibility.ShownGroups);
        Assert.All(new[] { "SA", "SB", "SC" }, g => Assert.True(visibility.Shown(g, PulseMeasure.Answers(0))));
        Assert.False(visibility.Shown("SA", PulseMeasure.Answers(1)));
        Assert.False(visibility.Shown("SB", PulseMeasure.Answers(1)));
        Assert.True(visibility.Shown("SC", PulseMeasure.Answers(1)));
        Assert.True(visibility.Shown(PulseMeasure.Answers(1))); // the statement's own total (17) is shown
    }

    [Fact]
    public void Apply_FewerCommentsThanTheThreshold_HidesThemAndNoTeamEverShowsNoTeam()
    {
        var visibility = PulseSuppression.Apply(5, [Group(null, 9, comments: 4)]);

        Assert.True(visibility.ReportShown);
        Assert.False(visibility.Shown(PulseMeasure.Comments));
        Assert.False(visibility.Shown(null, R));
        Assert.Empty(visibility.ShownGroups);
    }

    /// <summary>
    /// Random surveys: up to six teams and a no-team group, each with some responses, answers per statement (3-5), eNPS
    /// answers and comments; thresholds 3-7. For every measure and every combination of shown figures, the total minus
    /// their sum is 0 or at least the threshold; nothing under the threshold is shown; no-team is never a row; and when
    /// nothing could be inferred (every count 0 or at least the threshold, nobody in no team) nothing is hidden.
    /// </summary>
    [Property(MaxTest = 400)]
    public Property Apply_RandomGroups_EveryRemainderIsZeroOrAtLeastTheThreshold() =>
        Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
        {
            var visibility = PulseSuppression.Apply(scenario.Threshold, scenario.Groups);
            var t = scenario.Threshold;
            var measures = scenario.Groups.SelectMany(g => g.Counts.Keys).Distinct().ToList();
            var teams = scenario.Groups.Where(g => g.GroupId is not null).ToList();

            Assert.False(visibility.Shown(null, R));
            Assert.Equal(visibility.Total(R) >= t, visibility.ReportShown);
            foreach (var measure in measures)
            {
                var total = scenario.Groups.Sum(g => g[measure]);
                Assert.Equal(total, visibility.Total(measure));
                var shown = teams.Where(g => visibility.Shown(g.GroupId, measure)).Select(g => g[measure]).ToList();
                Assert.True(visibility.Shown(measure) || shown.Count == 0, $"{measure}: team figures shown while the total {total} is hidden");
                Assert.All(shown, n => Assert.True(n >= t, $"{measure}: a figure of {n} is shown under threshold {t}"));
                Assert.All(teams.Where(g => visibility.Shown(g.GroupId, measure)), g => Assert.True(visibility.Shown(g.GroupId, R), $"{g.GroupId}: {measure} shown without its row"));
                if (!visibility.Shown(measure))
                {
                    continue;
                }

                for (var subset = 0; subset < 1 << shown.Count; subset++)
                {
                    var remainder = total - Enumerable.Range(0, shown.Count).Where(i => (subset & (1 << i)) != 0).Sum(i => shown[i]);
                    Assert.True(remainder == 0 || remainder >= t, $"{measure}: total {total} minus shown figures {string.Join("+", shown)} can leave {remainder} (threshold {t})");
                }
            }

            if (scenario.Groups.All(g => g.Counts.Values.All(n => n == 0 || n >= t)) && scenario.Groups.Where(g => g.GroupId is null).All(g => g.Counts.Values.All(n => n == 0)))
            {
                foreach (var team in teams)
                {
                    Assert.All(team.Counts.Where(c => c.Value >= t), c => Assert.True(visibility.Shown(team.GroupId, c.Key), $"{team.GroupId}: {c.Key} hidden with nothing to protect"));
                }
            }
        });

    private static PulseGroupCounts Group(string? id, int responses, int[]? answers = null, int? enps = null, int comments = 0)
    {
        var counts = new Dictionary<PulseMeasure, int> { [R] = responses, [PulseMeasure.Enps] = enps ?? responses, [PulseMeasure.Comments] = comments };
        var perStatement = answers ?? [responses, responses, responses];
        for (var i = 0; i < perStatement.Length; i++)
        {
            counts[PulseMeasure.Answers(i)] = perStatement[i];
        }

        return new PulseGroupCounts(id, counts);
    }

    private static Gen<Scenario> Scenarios() =>
        from threshold in Gen.Choose(3, 7)
        from statements in Gen.Choose(3, 5)
        from teams in Gen.Choose(0, 6)
        from groups in Gen.ArrayOf(GroupCounts(statements), teams + 1)
        select new Scenario(threshold, [.. groups.Select((g, i) => g with { GroupId = i == 0 ? null : $"S{i}" })]);

    private static Gen<PulseGroupCounts> GroupCounts(int statements) =>
        from responses in Gen.Frequency((3, Gen.Choose(0, 7)), (2, Gen.Choose(0, 25)))
        from answers in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(responses)), (2, Gen.Choose(0, responses))), statements)
        from enps in Gen.Frequency((2, Gen.Constant(responses)), (1, Gen.Choose(0, responses)))
        from comments in Gen.Choose(0, responses)
        select Group("S?", responses, answers, enps, comments);

    /// <summary>A generated survey (printed as the counterexample when the property fails).</summary>
    internal sealed record Scenario(int Threshold, IReadOnlyList<PulseGroupCounts> Groups)
    {
        public override string ToString() =>
            $"threshold {Threshold}: " + string.Join("; ", Groups.Select(g => (g.GroupId ?? "no team") + " " + string.Join(",", g.Counts.OrderBy(c => c.Key.Kind).ThenBy(c => c.Key.Question).Select(c => $"{c.Key.Kind.ToString()[0]}{c.Key.Question}={c.Value}"))));
    }
}
