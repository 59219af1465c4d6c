using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Champions;

/// <summary>
/// Customer Champions through the real host: signed slash commands and events in, the fake Slack Web API out. Managers
/// are the members of the fake's <c>@managers</c> user group, as synced by the host at start-up.
/// </summary>
public sealed class ChampionsEndToEndTests
{
    private const string Manager = "U0MORGAN";
    private const string Nominee = "U0NINA";
    private const string Colleague = "U0BOB";
    private const string Other = "U0OSCAR";
    private const string DeployBot = "U0DEPLOY";
    private const string OtherManager = "U0OLIVE";
    private const string Admin = "U0ADMIN";
    private const string ManagerGroup = "S0MANAGERS";
    private const string AnnounceChannel = "C0CHAMPS";
    private const string WinsChannel = "C0WINS";
    private const string Reason = "Drove two hours to swap a faulty unit before the customer's launch";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static async Task<BotHarness> Start(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Champions:ManagerGroup"] = "@managers",
            ["Champions:AnnounceChannel"] = AnnounceChannel,
            ["Wins:Channels:0"] = WinsChannel,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var bot = await BotHarness.Start(settings, arrange: slack =>
        {
            slack.AddUser(Manager, "morgan", tz: "Europe/London", displayName: "Morgan Manager");
            slack.AddUser(Nominee, "nina", tz: "Europe/London", displayName: "Nina Nominee");
            slack.AddUser(Colleague, "bob", tz: "Europe/London", displayName: "Bob Colleague");
            slack.AddUser(Other, "oscar", tz: "Europe/London", displayName: "Oscar Other");
            slack.AddUser(DeployBot, "deploybot", isBot: true, displayName: "Deploy Bot");
            slack.AddUser(OtherManager, "olive", tz: "Europe/London", displayName: "Olive Other-Manager");
            slack.AddUser(Admin, "ada", tz: "Europe/London", displayName: "Ada Admin");
            slack.AddUserGroup(ManagerGroup, "managers", [Manager], name: "Managers");
        });

        // The host's start-up user-group sync runs in the background: wait until it has stored the managers.
        var deadline = DateTime.UtcNow + Wait;
        while (!await bot.Db(db => db.Set<UserGroupMember>().AnyAsync(m => m.GroupId == ManagerGroup && m.UserId == Manager)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The start-up user group sync did not store the managers' group.");
            }

            await Task.Delay(20);
        }

        return bot;
    }

    private static Task<JsonNode?> Champion(BotHarness bot, string userId, string text) => bot.SendCommand(ChampionCommand.Command, text, userId);

    private static string Mention(string userId) => $"<@{userId}|{userId.ToLowerInvariant()}>";

    private static string Text(JsonNode? answer)
    {
        Assert.Equal("ephemeral", (string?)answer?["response_type"]);
        return (string?)answer?["text"] ?? string.Empty;
    }

    private static Task<int> Stars(BotHarness bot, string userId) =>
        bot.Db(async db => await db.Set<StarEntry>().Where(e => e.ReceiverId == userId).SumAsync(e => (int?)e.Amount) ?? 0);

    /// <summary>Every string a Web API call carried (JSON bodies walked, so escapes like \u003C are undone).</summary>
    private static IEnumerable<string> Strings(FakeSlackRequest call)
    {
        try
        {
            return SlackTexts.Walk(JsonNode.Parse(call.Body)).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return call.Args.Values;
        }
    }

    private static string AllText(FakeSlackRequest call) => string.Join("\n", Strings(call));

    [Fact]
    public async Task Nominate_ByManager_NomineeGetsTitleStarsDmAndAnnouncementWithTheManagersName()
    {
        await using var bot = await Start();

        var answer = Text(await Champion(bot, Manager, $"{Mention(Nominee)} {Reason}"));

        Assert.Contains(":trophy: Done:", answer);
        var nomination = Assert.Single(await bot.Db(db => db.Set<ChampionNomination>().AsNoTracking().ToListAsync()));
        Assert.Equal((Manager, Nominee), (nomination.ManagerId, nomination.NomineeId));
        var title = Assert.Single(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync()));
        Assert.Equal((Nominee, TitleKind.CustomerChampion, ChampionService.ChampionTitle, (long?)nomination.Id), (title.UserId, title.Kind, title.Name, title.NominationId));
        Assert.Equal(5, await Stars(bot, Nominee));
        var bonus = Assert.Single(await bot.Db(db => db.Set<StarEntry>().AsNoTracking().ToListAsync()));
        Assert.Equal((StarReason.Champion, $"champion:{nomination.Id}", (long?)bonus.Id), (bonus.Reason, bonus.NaturalKey, nomination.BonusEntryId));

        var posts = await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);
        var open = Assert.Single(bot.Slack.Calls("conversations.open"));
        Assert.Contains(Nominee, open.Arg("users"));
        var dm = Assert.Single(posts, p => p.Arg("channel") == bot.Slack.DmChannelId(Nominee));
        Assert.Contains("Morgan Manager nominated you *Customer Champion*", dm.Arg("text"));
        var announcement = Assert.Single(posts, p => p.Arg("channel") == AnnounceChannel);
        Assert.Contains($"<@{Nominee}> is a *Customer Champion* this month, nominated by Morgan Manager", announcement.Arg("text"));
        Assert.Contains("> Drove two hours to swap a faulty unit before the customer's launch", AllText(announcement));
        Assert.Equal(2, bot.Slack.Calls("chat.postMessage").Count);
    }

    [Fact]
    public async Task Nominate_NonManagerSelfBotOrShortReason_EachRefusedPrivatelyAndLeavesNoTrace()
    {
        await using var bot = await Start();

        var refusals = new[]
        {
            Text(await Champion(bot, Other, $"{Mention(Nominee)} {Reason}")),
            Text(await Champion(bot, Manager, $"{Mention(Manager)} {Reason}")),
            Text(await Champion(bot, Manager, $"{Mention(DeployBot)} {Reason}")),
            Text(await Champion(bot, Manager, $"{Mention(Nominee)} Great job!")),
        };

        Assert.Contains("Only managers can nominate", refusals[0]);
        Assert.Contains("You can't nominate yourself", refusals[1]);
        Assert.Contains("Bots can't be Customer Champions", refusals[2]);
        Assert.Contains("at least 20 characters", refusals[3]);
        Assert.Equal(4, refusals.Distinct().Count());
        Assert.Empty(await bot.Db(db => db.Set<ChampionNomination>().AsNoTracking().ToListAsync()));
        Assert.Empty(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync()));
        Assert.Empty(await bot.Db(db => db.Set<StarEntry>().AsNoTracking().ToListAsync()));

        // A real nomination afterwards: the notice worker handles its queue in order, so once this one's DM and
        // announcement are out, anything the refusals had queued would have been posted before them.
        Text(await Champion(bot, Manager, $"{Mention(Colleague)} {Reason}"));
        await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);

        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.DoesNotContain(Nominee, AllText(p)));
        Assert.Equal(Colleague, Assert.Single(await bot.Db(db => db.Set<ChampionNomination>().AsNoTracking().ToListAsync())).NomineeId);
        Assert.Equal(0, await Stars(bot, Nominee) + await Stars(bot, Manager) + await Stars(bot, DeployBot));
    }

    [Fact]
    public async Task Nominate_ThirdInAMonth_RefusedPrivatelyAndLeavesNoTrace()
    {
        await using var bot = await Start();
        Text(await Champion(bot, Manager, $"{Mention(Nominee)} {Reason}"));
        Text(await Champion(bot, Manager, $"{Mention(Colleague)} {Reason}"));
        await bot.Slack.WaitForCalls("chat.postMessage", 4, Wait);

        var refusal = Text(await Champion(bot, Manager, $"{Mention(Other)} {Reason}"));

        Assert.Contains("You've already made 2 nominations this month, the most a manager can", refusal);
        Assert.Equal(2, await bot.Db(db => db.Set<ChampionNomination>().CountAsync()));
        Assert.False(await bot.Db(db => db.Set<GrantedTitle>().AnyAsync(t => t.UserId == Other)));
        Assert.Equal(0, await Stars(bot, Other));

        // Undo the second nomination: its thread note comes after anything the refusal could have queued.
        Assert.Contains("Withdrawn", Text(await Champion(bot, Manager, $"undo {Mention(Colleague)}")));
        await bot.Slack.WaitForCalls("chat.postMessage", 5, Wait);
        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.Equal(5, posts.Count);
        Assert.Contains("withdrawn", posts[^1].Arg("text"));
        Assert.All(posts, p => Assert.DoesNotContain(Other, AllText(p)));
    }

    [Fact]
    public async Task Cheer_CrossesMilestone_CelebratedOnceInTheWinsThreadEvenWhenRedelivered()
    {
        await using var bot = await Start(new()
        {
            ["Champions:Milestones:0:Stars"] = "2",
            ["Champions:Milestones:0:Title"] = "Rising Star",
        });
        const string winTs = "1700000000.000100";
        var win = new JsonObject
        {
            ["type"] = "message",
            ["user"] = Nominee,
            ["text"] = "#win Talked the Hendersons through the migration and kept their renewal",
            ["ts"] = winTs,
            ["channel"] = WinsChannel,
            ["channel_type"] = "channel",
            ["event_ts"] = winTs,
        };
        await bot.SendEventAndWait(win, "Ev0WIN");
        Assert.Equal(1, await Stars(bot, Nominee));
        Assert.Empty(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync()));

        var cheer = new JsonObject
        {
            ["type"] = "reaction_added",
            ["user"] = Colleague,
            ["reaction"] = "star",
            ["item_user"] = Nominee,
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = WinsChannel, ["ts"] = winTs },
            ["event_ts"] = "1700000001.000100",
        };
        await bot.SendEventAndWait(cheer.DeepClone(), "Ev0CHEER");
        await bot.SendEventAndWait(cheer.DeepClone(), "Ev0CHEER", retryNum: 1);
        await bot.SendEventAndWait(cheer.DeepClone(), "Ev0CHEER", retryNum: 2);

        Assert.Equal(2, await Stars(bot, Nominee));
        var title = Assert.Single(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync()));
        Assert.Equal((Nominee, TitleKind.Milestone, "Rising Star", 2), (title.UserId, title.Kind, title.Name, title.MilestoneStars));
        Assert.NotNull(title.CelebratedAt);
        var celebration = Assert.Single(bot.Slack.Calls("chat.postMessage"), p => AllText(p).Contains("Rising Star"));
        Assert.Equal((WinsChannel, winTs), (celebration.Arg("channel"), celebration.Arg("thread_ts")));
        Assert.Contains($"<@{Nominee}> has reached 2 gold stars", celebration.Arg("text"));
    }

    [Fact]
    public async Task Undo_Within24Hours_ReversesTheBonus_After24HoursRefused()
    {
        await using var bot = await Start();
        Text(await Champion(bot, Manager, $"{Mention(Nominee)} {Reason}"));
        await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);

        // The fake saw the announcement before the bot stored its ts (which the withdrawal note threads under).
        for (var i = 0; i < 300 && await bot.Db(db => db.Set<ChampionNomination>().AnyAsync(n => n.AnnouncementTs == null)); i++)
        {
            await Task.Delay(50);
        }

        bot.Time.Advance(TimeSpan.FromHours(23));
        var undone = Text(await Champion(bot, Manager, "undo"));

        Assert.Contains($"Withdrawn: your nomination of <@{Nominee}>, and the 5 bonus gold stars reversed", undone);
        Assert.Equal(0, await Stars(bot, Nominee));
        var entries = await bot.Db(db => db.Set<StarEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.Equal((StarReason.Reversal, -5, (long?)entries[0].Id, $"reversal:{entries[0].Id}"), (entries[1].Reason, entries[1].Amount, entries[1].ReversesEntryId, entries[1].NaturalKey));
        Assert.NotNull(Assert.Single(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync())).RevokedAt);
        var note = (await bot.Slack.WaitForCalls("chat.postMessage", 3, Wait))[2];
        Assert.Equal(AnnounceChannel, note.Arg("channel"));
        Assert.NotNull(note.Arg("thread_ts"));

        Text(await Champion(bot, Manager, $"{Mention(Colleague)} {Reason}"));
        bot.Time.Advance(TimeSpan.FromHours(25));
        var late = Text(await Champion(bot, Manager, "undo"));

        Assert.Contains($"Your nomination of <@{Colleague}> was made 1 day ago; nominations can only be undone within 24 hours", late);
        Assert.Equal(5, await Stars(bot, Colleague));
        Assert.Null(await bot.Db(db => db.Set<ChampionNomination>().Where(n => n.NomineeId == Colleague).Select(n => n.WithdrawnAt).SingleAsync()));
        Assert.Equal(3, await bot.Db(db => db.Set<StarEntry>().CountAsync()));
    }

    [Fact]
    public async Task Nominate_ReasonWithHere_AnnouncedEscapedNeverAsAMention()
    {
        await using var bot = await Start();

        Text(await Champion(bot, Manager, $"{Mention(Nominee)} Told <!here> about the outage before the customer even noticed"));
        var posts = await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);

        var announcement = Assert.Single(posts, p => p.Arg("channel") == AnnounceChannel);
        Assert.Contains("> Told @here about the outage", AllText(announcement));
        Assert.All(bot.Slack.Calls("chat.postMessage"), p => Assert.DoesNotContain("<!here>", AllText(p)));
    }

    private static JsonObject WinMessage(string user, string ts, string text = "#win Talked the Hendersons through the migration and kept their renewal") =>
        Wins.WinEvents.Message(WinsChannel, user, text, ts);

    private static Dictionary<string, string?> FirstStarMilestone() => new()
    {
        ["Champions:Milestones:0:Stars"] = "1",
        ["Champions:Milestones:0:Title"] = "First Star",
    };

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most <see cref="Wait"/>.</summary>
    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Win_CrossesMilestone_TheGoldStarReplyComesFirstAndTheMilestoneSaysReached()
    {
        await using var bot = await Start(FirstStarMilestone());

        await bot.SendEventAndWait(WinMessage(Nominee, "1700000000.000100"));

        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.Equal(2, posts.Count);
        Assert.Contains($"Gold star for <@{Nominee}>", posts[0].Arg("text"));
        Assert.Equal($":tada: <@{Nominee}> has reached 1 gold star and is now a *First Star*!", posts[1].Arg("text"));
        Assert.All(posts, p => Assert.Equal(("1700000000.000100", WinsChannel), (p.Arg("thread_ts"), p.Arg("channel"))));
    }

    [Fact]
    public async Task Win_AfterAChampionBonus_TheReplyCountsWinsNotStars()
    {
        await using var bot = await Start();
        Text(await Champion(bot, Manager, $"{Mention(Nominee)} {Reason}"));
        await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);
        Assert.Equal(5, await Stars(bot, Nominee));

        await bot.SendEventAndWait(WinMessage(Nominee, "1700000000.000100"));
        await bot.SendEventAndWait(WinMessage(Nominee, "1700000100.000100", "#win Rebooked the Patels' delivery before the storm hit"));

        var replies = bot.Slack.Calls("chat.postMessage").Where(p => p.Arg("thread_ts") is not null && p.Arg("channel") == WinsChannel).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Contains($"Gold star for <@{Nominee}> — 1st win this month!", replies[0].Arg("text"));
        Assert.Contains($"Gold star for <@{Nominee}> — 2nd win this month!", replies[1].Arg("text"));
    }

    [Fact]
    public async Task Milestone_CelebrationFails_TheEventRetriesCelebratesOnceAndPaysOnce()
    {
        await using var bot = await Start(FirstStarMilestone());
        var failed = 0;
        bot.Slack.Handle("chat.postMessage", request =>
            request.Arg("text")?.Contains("is now a", StringComparison.Ordinal) == true && Interlocked.Exchange(ref failed, 1) == 0
                ? SlackChampionBot.Sandbox.FakeSlackResponse.Error("fatal_error")
                : null);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await bot.SendEvent(WinMessage(Nominee, "1700000000.000100"), "Ev0MILESTONE")).StatusCode);
        await WaitUntil(() => bot.Db(db => db.Set<SlackChampionBot.Persistence.Inbox.SlackEventInboxEntry>().AnyAsync(e => e.EventId == "Ev0MILESTONE" && e.Attempts == 1 && e.LastError != null)), "the first attempt failed");
        Assert.Equal(1, await Stars(bot, Nominee));
        Assert.Null(Assert.Single(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync())).CelebratedAt);

        // The clock moves once the dispatcher sleeps until the retry: moved while it was still claiming (the failed
        // mark is seen here before its claim round ends, on PostgreSQL's separate mark writer), its sleep began after
        // the jump and nothing woke it.
        await bot.Time.WaitForTimer(TimeSpan.FromTicks(1), TimeSpan.FromSeconds(10));
        bot.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => bot.Db(db => db.Set<SlackChampionBot.Persistence.Inbox.SlackEventInboxEntry>().AnyAsync(e => e.EventId == "Ev0MILESTONE" && e.ProcessedAt != null)), "the retry succeeded");

        Assert.Equal(1, await Stars(bot, Nominee));
        Assert.Single(await bot.Db(db => db.Set<StarEntry>().AsNoTracking().ToListAsync()));
        Assert.NotNull(Assert.Single(await bot.Db(db => db.Set<GrantedTitle>().AsNoTracking().ToListAsync())).CelebratedAt);
        var posts = bot.Slack.Calls("chat.postMessage");
        Assert.Single(posts, p => p.Arg("text")!.Contains("Gold star for", StringComparison.Ordinal));
        Assert.Equal(2, posts.Count(p => p.Arg("text")!.Contains("is now a *First Star*", StringComparison.Ordinal))); // the refused one and the retry
    }

    [Fact]
    public async Task Nominate_ReasonMentionsAColleague_PublicPostsNameThemAndListShowsThePerson()
    {
        await using var bot = await Start();
        var reason = $"Covered for {Mention(Colleague)} and rebooked the <https://evil.example/x|Hendersons> before the launch";

        Text(await Champion(bot, Manager, $"{Mention(Nominee)} {reason}"));
        var posts = await bot.Slack.WaitForCalls("chat.postMessage", 2, Wait);

        var announcement = AllText(Assert.Single(posts, p => p.Arg("channel") == AnnounceChannel));
        var dm = AllText(Assert.Single(posts, p => p.Arg("channel") == bot.Slack.DmChannelId(Nominee)));
        foreach (var shown in new[] { announcement, dm })
        {
            Assert.Contains("> Covered for @Bob Colleague and rebooked the Hendersons before the launch", shown);
            Assert.DoesNotContain($"<@{Colleague}", shown);
            Assert.DoesNotContain("&lt;@", shown);
            Assert.DoesNotContain("evil.example", shown);
        }

        var list = Texts(await Champion(bot, Other, "list"));
        Assert.Contains($"> Covered for <@{Colleague}> and rebooked the Hendersons before the launch", list);
        Assert.DoesNotContain("&lt;@", list);
    }

    private static string Texts(JsonNode? node) => SlackTexts.Of(node);
}
