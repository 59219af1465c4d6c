using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Tests.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Data;

/// <summary>
/// The real host with a wins channel, a data admin and an HR person, talking to the fake Slack: wins and cheers go in
/// as signed events, <c>/stars</c> as signed commands, and files and DMs come out of the fake Web API.
/// </summary>
internal sealed class DataWorld : IAsyncDisposable
{
    public const string WinsChannel = "C0WINS";
    public const string Admin = "U0DATAADMIN";
    public const string Hr = "U0HRLEAD";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private int _ts;

    private DataWorld(BotHarness bot) => Bot = bot;

    public BotHarness Bot { get; }

    public FakeSlackWebApi Slack => Bot.Slack;

    public static async Task<DataWorld> Start(Dictionary<string, string?>? settings = null, DateTimeOffset? now = null, Action<FakeSlackWebApi>? arrange = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Wins:Channels:0"] = WinsChannel,
            ["Data:Admins:0"] = Admin,
            ["Pulse:Hr:0"] = Hr,
            ["Scheduling:TimeZone"] = "Europe/London",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var bot = await BotHarness.Start(all, now, arrange: arrange);
        bot.Slack.AddUser(Admin, "dana", tz: "Europe/London");
        bot.Slack.AddUser(Hr, "hana", tz: "Europe/London");

        // The start-up user group sync runs in the background: teams and group limits are known once it is done.
        var status = bot.Services.GetRequiredService<UserGroupSyncStatus>();
        var deadline = DateTime.UtcNow + Patience;
        while (!status.FirstSyncDone)
        {
            if (DateTime.UtcNow > deadline)
            {
                await bot.DisposeAsync();
                throw new TimeoutException("the start-up user group sync did not finish: " + status.Description);
            }

            await Task.Delay(20);
        }

        return new DataWorld(bot);
    }

    /// <summary>A Slack message ts at the fake clock's time (unique, increasing).</summary>
    public string NextTs() => $"{Bot.Time.GetUtcNow().ToUnixTimeSeconds()}.{Interlocked.Increment(ref _ts):D6}";

    /// <summary>Posts a message in the wins channel and waits for the bot to handle it; returns its ts.</summary>
    public async Task<string> Post(string user, string text)
    {
        var ts = NextTs();
        await Bot.SendEventAndWait(WinEvents.Message(WinsChannel, user, text, ts));
        return ts;
    }

    public Task Cheer(string user, string poster, string ts) => Bot.SendEventAndWait(WinEvents.Cheer(WinsChannel, user, poster, ts, NextTs()));

    /// <summary><c>/stars …</c> as <paramref name="user"/>; every string of the ephemeral answer (its text first), one per line.</summary>
    public async Task<string> Stars(string user, string text)
    {
        var answer = await Bot.SendCommand("/stars", text, user);
        return answer?["text"]?.GetValue<string>() + "\n" + SlackTexts.Of(answer?["blocks"]);
    }

    /// <summary>A ledger row written straight into the database (for the audit's arithmetic), at the fake clock's time.</summary>
    public Task Gift(string giver, string receiver, int stars = 1, StarReason reason = StarReason.Cheer) => Bot.Db(async db =>
    {
        for (var i = 0; i < stars; i++)
        {
            db.Add(new StarEntry
            {
                TeamId = BotHarness.TeamId,
                GiverId = giver,
                ReceiverId = receiver,
                Amount = 1,
                Reason = reason,
                NaturalKey = $"test:{giver}:{receiver}:{Guid.NewGuid():N}",
                CreatedAt = Bot.Time.GetUtcNow().UtcDateTime,
            });
        }

        await db.SaveChangesAsync();
    });

    /// <summary>Waits for the <paramref name="count"/>-th completed file upload and returns it.</summary>
    public async Task<FakeSlackFile> File(int count = 1)
    {
        await Slack.WaitForCalls("files.completeUploadExternal", count, Patience);
        return Slack.Files().Where(f => f.Completed).ElementAt(count - 1);
    }

    public static string Text(FakeSlackFile file) => Encoding.UTF8.GetString(file.Content!);

    /// <summary>Waits for the <paramref name="count"/>-th message the bot posts in <paramref name="userId"/>'s DM and returns its text.</summary>
    public async Task<string> Dm(string userId, int count = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var dms = Slack.Calls("chat.postMessage").Where(c => c.Arg("channel") == Slack.DmChannelId(userId)).ToList();
            if (dms.Count >= count)
            {
                return dms[count - 1].Arg("text") ?? string.Empty;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{userId} got {dms.Count} DM(s) from the bot, not {count}");
            }

            await Task.Delay(20);
        }
    }

    public Task<List<StarEntry>> Entries() => Bot.Db(db => db.Set<StarEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public static JsonObject ParseJson(FakeSlackFile file) => JsonNode.Parse(file.Content!)!.AsObject();

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
