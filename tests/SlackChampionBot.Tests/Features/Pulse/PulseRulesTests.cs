using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Slack;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// The pulse rules that had no test (#19 item 4), each seen to fail when its line is mutated, and what the survey DM
/// may show (#11 item 1).
/// </summary>
public sealed class PulseRulesTests
{
    private static readonly Dictionary<string, string?> TwoTeams = new() { ["Leaderboards:Teams:0"] = "SALPHA", ["Leaderboards:Teams:1"] = "SBRAVO" };

    [Fact]
    public async Task Results_AnOpenSurveyWithEnoughAnswers_IsNeverShown_TheLatestClosedOneIs()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6);
        var first = (await world.Open())!;
        await world.Tick();
        await world.AnswerAll(first.Id, people, 0, 2);

        await world.CloseByTime();
        var second = (await world.Open())!;
        await world.Tick();
        await world.AnswerAll(second.Id, people, 0, 5);

        // Guards the closed-only filter in PulseResults: without it, "latest" would be the open survey (mean 5).
        var report = Assert.IsType<PulseReportReady>(await world.Report("latest"));
        Assert.Equal(first.OpenedAt, report.OpenedAt);
        Assert.Equal(2.0, report.Questions[0].Mean, 3);
        Assert.IsType<PulseReportMissing>(await world.Report("previous"));
    }

    [Fact]
    public async Task Results_ExactlyTheThresholdOfResponses_AreShown_ForTheSurveyATeamAndAStatement()
    {
        await using var world = new PulseTestWorld(TwoTeams);
        var (people, survey) = await OpenToTwoTeams(world, bravoIsEveryone: false);
        await world.AnswerAll(survey.Id, people, 0, 4);
        await world.AnswerAll(survey.Id, people.Take(5), 1, 3);
        await world.CloseByTime();

        // Threshold 5: teams of exactly 5, and statement 2 with exactly 5 answers (guards `>=` against `>`).
        Assert.Equal([("alpha", 5), ("bravo", 5)], await world.TeamRows());
        Assert.Equal([10, 5], Assert.IsType<PulseReportReady>(await world.Report()).Questions.Select(q => q.N));

        await using var small = new PulseTestWorld();
        var five = small.AddPeople(5);
        var only = (await small.Open())!;
        await small.Tick();
        await small.AnswerAll(only.Id, five, 0, 1);

        await small.CloseByTime();
        Assert.Equal(5, Assert.IsType<PulseReportReady>(await small.Report()).Responses);
    }

    [Fact]
    public async Task Close_PersonInSeveralTeams_CountsTowardsTheFirstListedTeamOnly()
    {
        await using var world = new PulseTestWorld(TwoTeams);
        var (people, survey) = await OpenToTwoTeams(world, bravoIsEveryone: true); // the first five are in both
        await world.AnswerAll(survey.Id, people, 0, 3);

        await world.CloseByTime();

        Assert.Equal([("alpha", 5), ("bravo", 5)], await world.TeamRows());
    }

    [Fact]
    public async Task Close_GroupsEditedWhileTheSurveyIsOpen_TheTeamsFrozenWhenItOpenedDecide()
    {
        await using var world = new PulseTestWorld(TwoTeams);
        var (people, survey) = await OpenToTwoTeams(world, bravoIsEveryone: false);

        // Someone moves everyone into alpha and empties bravo after the survey opened (to single people out).
        await world.Db(async db =>
        {
            await db.Set<UserGroupMember>().Where(m => m.GroupId == "SBRAVO").ExecuteDeleteAsync();
            db.AddRange(people.Skip(5).Select(p => new UserGroupMember { TeamId = PulseTestWorld.TeamId, GroupId = "SALPHA", UserId = p, SyncedAt = world.Time.GetUtcNow().UtcDateTime }));
            return await db.SaveChangesAsync();
        });
        await world.AnswerAll(survey.Id, people, 0, 3);

        await world.CloseByTime();

        Assert.Equal([("alpha", 5), ("bravo", 5)], await world.TeamRows());
    }

    [Fact]
    public async Task Answer_DifferentValues_LeaveTheSameDmForTheSameProgress_AndOnlyTheEphemeralNamesTheValue()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:EnpsEverySurveys"] = "1" });
        var people = world.AddPeople(2);
        var survey = (await world.Open())!;
        await world.Tick();

        await world.Click(people[0], survey.Id, 0, 1);
        await world.Click(people[1], survey.Id, 0, 5);
        await world.Click(people[0], survey.Id, PulseService.EnpsQuestion, 0);
        await world.Click(people[1], survey.Id, PulseService.EnpsQuestion, 10);
        await world.Click(people[0], survey.Id, 0, 3); // changed: progress is the same, the DM is not touched

        var updates = world.Updates.ToList();
        Assert.Equal(4, updates.Count);
        Assert.Equal(Json(updates[0]), Json(updates[1]));
        Assert.Equal(Json(updates[2]), Json(updates[3]));
        Assert.Contains("*1 of 5 answered.*", Json(updates[0]), StringComparison.Ordinal);
        Assert.Contains("*2 of 5 answered.*", Json(updates[2]), StringComparison.Ordinal);
        Assert.All(updates, u => Assert.DoesNotContain("\"style\"", Json(u), StringComparison.Ordinal));
        Assert.All(world.Posts, m => Assert.DoesNotContain("\"style\"", JsonSerializer.Serialize(m.Blocks, SlackJson.Options), StringComparison.Ordinal));

        var confirmations = world.Ephemerals.Select(e => (e.User, e.Message.Channel, e.Message.Text)).ToList();
        Assert.Equal(5, confirmations.Count);
        Assert.Equal((people[0], PulseTestWorld.DmOf(people[0])), (confirmations[0].User, confirmations[0].Channel));
        Assert.StartsWith("Saved: 1 for question 1.", confirmations[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Saved: 10 for question 5", confirmations[3].Text, StringComparison.Ordinal);
        Assert.StartsWith("Saved: 3 for question 1.", confirmations[4].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_SurveyOpenedByAnOlderVersion_FinishesWithTheOldResponseSalt_AndTheCloseStillDropsTheLinks()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:ResponseSalt"] = "an-old-configuration-salt-0123456789" });
        var people = world.AddPeople(5);
        var survey = (await world.Open())!;
        await world.Tick();
        await world.Db(db => db.Set<PulseSurvey>().ExecuteUpdateAsync(x => x.SetProperty(s => s.Salt, (byte[]?)null))); // as an old version left it

        await world.AnswerAll(survey.Id, people, 0, 2);

        await world.Click(people[0], survey.Id, 0, 4); // a change, found through the old key
        Assert.Equal(5, await world.Db(db => db.Set<PulseParticipation>().CountAsync()));
        Assert.Equal(5, await world.Db(db => db.Set<PulseResponse>().CountAsync()));

        await world.CloseByTime();
        Assert.Equal(0, await world.Db(db => db.Set<PulseParticipation>().CountAsync()));
        Assert.Equal([2, 2, 2, 2, 4], (await world.Db(db => db.Set<PulseResponse>().Select(r => r.Answer1!.Value).ToListAsync())).Order());
    }

    /// <summary>Ten people; alpha is the first five, bravo the other five (or all ten); a survey opened and sent.</summary>
    private static async Task<(IReadOnlyList<string> People, PulseSurvey Survey)> OpenToTwoTeams(PulseTestWorld world, bool bravoIsEveryone)
    {
        var people = world.AddPeople(10);
        await world.AddGroup("SALPHA", "alpha", people.Take(5));
        await world.AddGroup("SBRAVO", "bravo", bravoIsEveryone ? people : people.Skip(5));
        var survey = (await world.Open())!;
        await world.Tick();
        return (people, survey);
    }

    private static string Json(SlackChampionBot.Slack.Blocks.MessageUpdate update) => update.Text + JsonSerializer.Serialize(update.Blocks, SlackJson.Options);
}
