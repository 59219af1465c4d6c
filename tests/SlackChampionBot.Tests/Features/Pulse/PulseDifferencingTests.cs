using System.Text;
using System.Text.RegularExpressions;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// The differencing attack on every view: the test knows who is in which team and what they answered, reads the team
/// rows the Slack results and the CSV export show, and checks that the total minus any combination of shown rows is 0
/// or at least the threshold, for the responses, every statement and the eNPS.
/// </summary>
public sealed partial class PulseDifferencingTests
{
    [Fact]
    public async Task Views_TeamsOfFiveAndFiveAndOneResponderInNoTeam_NoCombinationOfRowsIsolatesAnyone()
    {
        var shown = await Check(threshold: 5, teamSizes: [5, 5], noTeam: 1, skipEnps: 0);

        Assert.Single(shown); // both teams would give the one person away
    }

    [Fact]
    public async Task Views_TwoTeamsOfThreeAmongTwenty_NoCombinationOfRowsIsolatesAnyone()
    {
        // Teams of 3 and 3, a team of 12, two people in no team; threshold 3.
        var shown = await Check(threshold: 3, teamSizes: [3, 3, 12], noTeam: 2, skipEnps: 0);

        Assert.Equal(["bravo", "charlie"], shown);
    }

    [Fact]
    public async Task Views_OneTeamMemberSkipsTheEnps_ThatTeamsEnpsAndTheNextSmallestAreHidden()
    {
        var shown = await Check(threshold: 5, teamSizes: [6, 7, 8], noTeam: 0, skipEnps: 2);

        Assert.Equal(["alpha", "bravo", "charlie"], shown);
    }

    /// <summary>
    /// Runs a survey where team <c>i</c> has <paramref name="teamSizes"/>[i] people, <paramref name="noTeam"/> people
    /// are in no team, everyone answers every statement and all but the first <paramref name="skipEnps"/> people of the
    /// first team answer the eNPS; then checks both views and returns the team names they show.
    /// </summary>
    private static async Task<IReadOnlyList<string>> Check(int threshold, int[] teamSizes, int noTeam, int skipEnps)
    {
        string[] names = ["alpha", "bravo", "charlie", "delta"];
        var settings = new Dictionary<string, string?> { ["Pulse:AnonymityThreshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Pulse:EnpsEverySurveys"] = "1" };
        for (var i = 0; i < teamSizes.Length; i++)
        {
            settings[$"Leaderboards:Teams:{i}"] = "S" + names[i].ToUpperInvariant();
        }

        await using var world = new PulseTestWorld(settings);
        var people = world.AddPeople(teamSizes.Sum() + noTeam);
        var teamOf = new Dictionary<string, string?>();
        var offset = 0;
        for (var i = 0; i < teamSizes.Length; i++)
        {
            var members = people.Skip(offset).Take(teamSizes[i]).ToList();
            await world.AddGroup("S" + names[i].ToUpperInvariant(), names[i], members);
            members.ForEach(m => teamOf[m] = names[i]);
            offset += teamSizes[i];
        }

        people.Skip(offset).ToList().ForEach(p => teamOf[p] = null);
        var survey = (await world.Open())!;
        await world.Tick();
        var answeredEnps = new HashSet<string>();
        for (var i = 0; i < people.Count; i++)
        {
            for (var q = 0; q < 4; q++)
            {
                await world.Click(people[i], survey.Id, q, 1 + ((i + q) % 5));
            }

            if (i >= skipEnps)
            {
                await world.Click(people[i], survey.Id, PulseService.EnpsQuestion, i % 11);
                answeredEnps.Add(people[i]);
            }
        }

        await world.CloseByTime();

        // What a reader could subtract: per measure, each person who counts in it, by team.
        var measures = new Dictionary<string, Func<string, bool>>
        {
            ["responses"] = _ => true,
            ["statements"] = _ => true, // everyone answered every statement, so a row's statements are its responses
            ["eNPS"] = answeredEnps.Contains,
        };

        var slack = SlackRows((await world.Command(PulseTestWorld.Hr, "results")).Message!.Blocks!);
        await world.Command(PulseTestWorld.Hr, "export");
        await world.RunBackgroundWork();
        var csv = CsvRows(Encoding.UTF8.GetString(Assert.Single(world.Uploads).Content));
        Assert.Equal(slack, csv); // one function, the same rows and figures in both views

        foreach (var (view, rows) in new[] { ("Slack", slack), ("CSV", csv) })
        {
            foreach (var (measure, counts) in measures)
            {
                var total = people.Count(counts);
                var shownRows = rows.Where(r => measure != "eNPS" || r.EnpsN is not null).ToList();
                var figures = shownRows.Select(r => people.Count(p => teamOf[p] == r.Team && counts(p))).ToList();
                Assert.All(shownRows, r => Assert.Equal(measure == "eNPS" ? r.EnpsN : r.N, people.Count(p => teamOf[p] == r.Team && counts(p))));
                for (var subset = 0; subset < 1 << figures.Count; subset++)
                {
                    var remainder = total - Enumerable.Range(0, figures.Count).Where(i => (subset & (1 << i)) != 0).Sum(i => figures[i]);
                    Assert.True(remainder == 0 || remainder >= threshold, $"{view}, {measure}: {total} minus rows {string.Join("+", figures)} leaves {remainder}");
                }
            }
        }

        return [.. slack.Select(r => r.Team)];
    }

    private sealed record Row(string Team, int N, int? EnpsN);

    private static List<Row> SlackRows(IList<Block> blocks)
    {
        var byTeam = blocks.OfType<SectionBlock>().Select(b => b.Text!.Text).FirstOrDefault(t => t.StartsWith("*By team*", StringComparison.Ordinal));
        return byTeam is null ? [] : [.. TeamLine().Matches(byTeam).Select(m => new Row(m.Groups["team"].Value, int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["enps"].Success ? int.Parse(m.Groups["enps"].Value, System.Globalization.CultureInfo.InvariantCulture) : null))];
    }

    private static List<Row> CsvRows(string csv) =>
        [.. csv.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("team,", StringComparison.Ordinal)).Select(l => l.Split(',')).Select(c => new Row(
            c[1],
            int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture),
            EnpsN().Match(c[7]) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null))];

    [GeneratedRegex(@"• (?<team>[a-z]+): .*?n=(?<n>\d+)(?:, eNPS [^ ]+ \(n=(?<enps>\d+)\))?$", RegexOptions.Multiline)]
    private static partial Regex TeamLine();

    [GeneratedRegex(@"enps_n:(\d+)")]
    private static partial Regex EnpsN();
}
