using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Teams;

/// <summary>
/// HR rights follow Slack, through the real host: signed <c>/pulse results</c> commands in, usergroups.* calls out to
/// the fake Slack, the host's clock a FakeTimeProvider.
/// </summary>
public sealed class RolesEndToEndTests
{
    private const string HrGroup = "S0HRTEAM";
    private const string Hr = "U0HRLEAD";
    private const string Colleague = "U0COLLEAGUE";
    private const string NotYet = "No pulse has closed yet, so there are no results to show.";

    [Fact]
    public async Task PulseResults_HrMemberRemovedInSlack_IsRefusedOnceTheCopyIsOlderThanMaxAge()
    {
        await using var bot = await Start();
        Assert.Equal(NotYet, await Results(bot, Hr));

        bot.Slack.AddUserGroup(HrGroup, "hr", [Colleague]); // removed from HR in Slack
        bot.Slack.ClearCalls();

        // Within Roles:MaxAgeMinutes the synced copy answers, without asking Slack.
        bot.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(NotYet, await Results(bot, Hr));
        Assert.Empty(bot.Slack.Calls("usergroups.users.list"));

        // Past it, the membership is re-checked before answering, and the copy is refreshed for everyone.
        bot.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Hr));
        Assert.Single(bot.Slack.Calls("usergroups.users.list"));
        Assert.Equal(NotYet, await Results(bot, Colleague));
        Assert.Single(bot.Slack.Calls("usergroups.users.list"));
        Assert.Equal([Colleague], await Members(bot));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PulseResults_HrGroupDisabledOrDeletedAtTheSync_GrantsNothing(bool deleted)
    {
        await using var bot = await Start();
        Assert.Equal(NotYet, await Results(bot, Hr));

        if (deleted)
        {
            bot.Slack.RemoveUserGroup(HrGroup);
        }
        else
        {
            bot.Slack.AddUserGroup(HrGroup, "hr", [Hr], disabled: true);
        }

        await Sync(bot);

        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Hr));
        Assert.Empty(await Members(bot));
        var state = await bot.Db(db => db.Set<UserGroupRecord>().Where(g => g.GroupId == HrGroup).Select(g => g.State).SingleAsync());
        Assert.Equal(deleted ? UserGroupState.Gone : UserGroupState.Disabled, state);
    }

    [Fact]
    public async Task PulseResults_HrGroupDisabledSinceTheSync_IsRefusedAtTheLiveRecheck()
    {
        await using var bot = await Start();
        bot.Slack.AddUserGroup(HrGroup, "hr", [Hr], disabled: true);
        bot.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Hr));
        Assert.Empty(await Members(bot));
    }

    [Fact]
    public async Task Sync_NewGroupTakesTheHandleOfADeletedOne_DoesNotTakeTheRole()
    {
        await using var bot = await Start();
        bot.Slack.RemoveUserGroup(HrGroup);
        bot.Slack.AddUserGroup("S0IMPOSTOR", "hr", [Colleague]);

        await Sync(bot);

        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Colleague));
        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Hr));
        Assert.DoesNotContain(bot.Slack.Calls("usergroups.users.list"), c => c.Arg("usergroup") == "S0IMPOSTOR");
    }

    [Fact]
    public async Task Sync_HrGroupRenamedInSlack_KeepsTheRole()
    {
        await using var bot = await Start();
        bot.Slack.AddUserGroup(HrGroup, "people-team", [Hr]);

        await Sync(bot);

        Assert.Equal(NotYet, await Results(bot, Hr));
    }

    [Fact]
    public async Task Sync_TwoRunsOverlapping_TheOneThatReadSlackLastIsWhatIsStored()
    {
        await using var bot = await Start();
        using var release = new ManualResetEventSlim();
        using var stalled = new SemaphoreSlim(0);
        var calls = 0;

        // The first run reads HR = [Hr] from Slack and stalls before storing it; Slack then changes to [Colleague].
        bot.Slack.Handle("usergroups.users.list", _ =>
        {
            if (Interlocked.Increment(ref calls) != 1)
            {
                return null;
            }

            stalled.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return FakeSlackResponse.Json(new { ok = true, users = new[] { Hr } });
        });
        var first = Sync(bot);
        Assert.True(await stalled.WaitAsync(TimeSpan.FromSeconds(30)));
        bot.Slack.AddUserGroup(HrGroup, "hr", [Colleague]);

        // Without one run at a time, this run would read [Colleague], store it, and be overwritten by the stalled one.
        // The pause only gives that wrong order its chance; the assertion holds whatever the timing.
        var second = Sync(bot);
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(500)));
        release.Set();
        await Task.WhenAll(first, second);

        var members = await bot.Db(db => db.Set<UserGroupMember>().Where(m => m.GroupId == HrGroup).Select(m => m.UserId).ToListAsync());
        Assert.Equal([Colleague], members);
    }

    [Fact]
    public async Task Readyz_BeforeTheFirstUserGroupSync_SaysItIsWaitingThenReady()
    {
        await using var bot = await Start(waitForSync: false, arrange: slack => slack.Handle("usergroups.list", _ => FakeSlackResponse.Error("missing_scope")));
        using var client = ((TestServer)bot.Services.GetRequiredService<IServer>()).CreateClient();

        var waiting = await WaitForReadyz(client, body => body.Contains("user group sync", StringComparison.Ordinal) && body.Contains("missing_scope", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.Status);
        Assert.Contains("waiting for the first user group sync (roles and teams)", waiting.Body, StringComparison.Ordinal);
        Assert.Equal(PulseCommand.RefusalText, await Results(bot, Hr));

        bot.Slack.Handle("usergroups.list", _ => null); // Slack answers again; the retry is due after 5 s
        bot.Time.Advance(TimeSpan.FromSeconds(5));

        var ready = await WaitForReadyz(client, body => body.Contains("\"status\":\"Healthy\",\"checks\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(NotYet, await Results(bot, Hr));
    }

    private static async Task<BotHarness> Start(bool waitForSync = true, Action<FakeSlackWebApi>? arrange = null)
    {
        var bot = await BotHarness.Start(
            new Dictionary<string, string?>
            {
                ["Pulse:Audience"] = "C0AUDIENCE",
                ["Pulse:HrGroup"] = "hr",
                ["Pulse:ResponseSalt"] = "roles-test-salt-0123456789",
                ["Pulse:Cron"] = "0 0 1 1 *",
                ["Pulse:TickCron"] = "0 0 1 1 *",
            },
            arrange: slack =>
            {
                slack.AddUserGroup(HrGroup, "hr", [Hr]);
                arrange?.Invoke(slack);
            });
        if (waitForSync)
        {
            var status = bot.Services.GetRequiredService<UserGroupSyncStatus>();
            await FakeSocketModeServer.WaitUntil(() => status.FirstSyncDone, TimeSpan.FromSeconds(20));
        }

        return bot;
    }

    private static async Task<string?> Results(BotHarness bot, string userId) =>
        (string?)(await bot.SendCommand("/pulse", "results", userId))?["text"];

    private static Task Sync(BotHarness bot) => bot.InScope<UserGroupSync, bool>(async sync =>
    {
        await sync.Run(CancellationToken.None);
        return true;
    });

    private static Task<List<string>> Members(BotHarness bot) =>
        bot.Db(db => db.Set<UserGroupMember>().Where(m => m.GroupId == HrGroup).Select(m => m.UserId).ToListAsync());

    private static async Task<(HttpStatusCode Status, string Body)> WaitForReadyz(HttpClient client, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.GetAsync("/readyz");
            var body = await response.Content.ReadAsStringAsync();
            if (until(body) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(20);
        }
    }
}
