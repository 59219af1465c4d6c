using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulseResultsTests
{
    [Fact]
    public async Task Results_FourResponses_ShowNothingButTheThresholdMessage()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(10);
        var survey = (await world.Open())!;
        await world.Tick();
        foreach (var p in people.Take(4))
        {
            await world.Click(p, survey.Id, 0, 5);
        }

        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var answer = await world.Command(PulseTestWorld.Hr, "results");
        Assert.Equal("Not enough responses yet to keep answers anonymous (4 of 5 needed)", answer.Message!.Text);
        Assert.Null(answer.Message.Blocks);

        await world.Command(PulseTestWorld.Hr, "export");
        await RunBackgroundQueue(world);
        Assert.Empty(world.Uploads);
        Assert.Contains(world.Posts, m => m.Channel == PulseTestWorld.DmOf(PulseTestWorld.Hr) && m.Text!.Contains("(4 of 5 needed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Results_TeamOfThreeInFortyResponses_HidesItAndTheNextSmallestTeam_InSlackAndCsv()
    {
        await using var world = new PulseTestWorld(new() { ["Leaderboards:Teams:0"] = "SALPHA", ["Leaderboards:Teams:1"] = "SBRAVO", ["Leaderboards:Teams:2"] = "SCHARLIE", ["Leaderboards:Teams:3"] = "SDELTA" });
        var people = world.AddPeople(40);
        await world.AddGroup("SALPHA", "alpha", people.Take(20));
        await world.AddGroup("SBRAVO", "bravo", people.Skip(20).Take(10));
        await world.AddGroup("SCHARLIE", "charlie", people.Skip(30).Take(7));
        await world.AddGroup("SDELTA", "delta", people.Skip(37).Take(3));
        var survey = (await world.Open())!;
        await world.Tick();
        for (var i = 0; i < people.Count; i++)
        {
            await world.Click(people[i], survey.Id, 0, 1 + (i % 5));
        }

        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var report = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, "latest", CancellationToken.None)));
        Assert.Equal(40, report.Responses);
        Assert.Equal(["alpha", "bravo"], report.Teams.Select(t => t.Name));
        Assert.Equal(3.0, report.Questions[0].Mean, 3);
        Assert.Equal(40.0, report.Questions[0].FavourablePercent, 3);
        Assert.Equal([8, 8, 8, 8, 8], report.Questions[0].Distribution);

        var answer = await world.Command(PulseTestWorld.Hr, "results");
        var byTeam = Assert.Single(answer.Message!.Blocks!.OfType<SlackChampionBot.Slack.Blocks.SectionBlock>(), b => b.Text!.Text.StartsWith("*By team*", StringComparison.Ordinal)).Text!.Text;
        Assert.Contains("alpha:", byTeam, StringComparison.Ordinal);
        Assert.Contains("bravo:", byTeam, StringComparison.Ordinal);
        Assert.DoesNotContain("charlie", byTeam, StringComparison.Ordinal);
        Assert.DoesNotContain("delta", byTeam, StringComparison.Ordinal);

        await world.Command(PulseTestWorld.Hr, "export");
        await RunBackgroundQueue(world);
        var csv = Encoding.UTF8.GetString(Assert.Single(world.Uploads).Content);
        var teamRows = csv.Split('\n').Where(l => l.StartsWith("team,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, teamRows.Count);
        Assert.Contains(teamRows, l => l.StartsWith("team,alpha,", StringComparison.Ordinal));
        Assert.Contains(teamRows, l => l.StartsWith("team,bravo,", StringComparison.Ordinal));
        Assert.Contains("question,,I feel my work is recognised.,40,3,40,,1:8 2:8 3:8 4:8 5:8", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_FewerCommentsThanThreshold_HidesComments()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6);
        var survey = (await world.Open())!;
        await world.Tick();
        foreach (var p in people)
        {
            await world.Click(p, survey.Id, 0, 4);
        }

        await world.InScope(sp => sp.GetRequiredService<PulseService>().Comment(PulseTestWorld.TeamId, people[0], null, survey.Id, "More coffee", CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var report = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, null, CancellationToken.None)));
        Assert.Empty(report.Comments);
        Assert.Equal(1, report.CommentCount);
    }

    [Theory]
    [InlineData("20,10,7,3", "a,b")]
    [InlineData("20,10,7", "a,b,c")]
    [InlineData("20,10,3,2", "a,b")]
    [InlineData("20,5,3", "a")]
    [InlineData("4", "")]
    public void ShownTeams_Counts_AppliesTheThresholdAndNextSmallestRule(string counts, string expected)
    {
        var names = "abcd";
        var map = counts.Split(',').Select((c, i) => (names[i].ToString(), int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), PulseService.ShownTeams(map, 5).Order());
    }

    [Fact]
    public async Task Command_NonHrUser_IsRefusedPolitely()
    {
        await using var world = new PulseTestWorld();
        foreach (var verb in new[] { "results", "export", "send-now" })
        {
            var answer = await world.Command("UNOTHR01", verb);
            Assert.Equal(PulseCommand.RefusalText, answer.Message!.Text);
        }

        Assert.Null(await world.InScope(sp => Task.FromResult(sp.GetRequiredService<PulseBackgroundQueue>().Reader.TryRead(out var w) ? w : null)));
    }

    [Fact]
    public async Task Command_HrGroupMember_GetsResults()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:HrGroup"] = "people-team" });
        await world.AddGroup("SHR", "people-team", ["UHRGROUP1"]);
        var answer = await world.Command("UHRGROUP1", "results");
        Assert.Equal("No pulse has closed yet, so there are no results to show.", answer.Message!.Text);
    }

    [Fact]
    public async Task Close_AfterClosing_NoRowAnywhereLinksAUserToAnAnswer()
    {
        using var temp = new TempDirectory();
        var file = temp.File("pulse.db");
        var people = new List<string>();
        await using (var world = new PulseTestWorld(new() { ["Leaderboards:Teams:0"] = "SALPHA" }, file))
        {
            people.AddRange(world.AddPeople(8));
            await world.AddGroup("SALPHA", "alpha", people);
            var survey = (await world.Open())!;
            await world.Tick();
            foreach (var p in people.Take(6))
            {
                await world.Click(p, survey.Id, 0, 2);
                await world.InScope(sp => sp.GetRequiredService<PulseService>().Comment(PulseTestWorld.TeamId, p, null, survey.Id, "fine", CancellationToken.None));
            }

            world.Time.Advance(TimeSpan.FromDays(4));
            await world.Tick();
        }

        var holdingUsers = await PulseDatabaseScan.AssertNoLinkBetweenPeopleAndAnswers(file, people);
        Assert.Contains("slack_users", holdingUsers); // the scan does see user IDs where they legitimately are
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_participations"));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_deliveries"));
        Assert.Equal(6L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_responses WHERE team_group_id = 'SALPHA'"));
        var responseColumns = await PulseDatabaseScan.Strings(file, "SELECT name FROM pragma_table_info('pulse_responses')");
        Assert.DoesNotContain(responseColumns, c => c.Contains("user", StringComparison.Ordinal) || c.Contains("_at", StringComparison.Ordinal));
    }

    private static async Task RunBackgroundQueue(PulseTestWorld world)
    {
        var queue = world.Services.GetRequiredService<PulseBackgroundQueue>();
        while (queue.Reader.TryRead(out var work))
        {
            await world.InScope(sp => work(sp, CancellationToken.None));
        }
    }
}
