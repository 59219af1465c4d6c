using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Sandbox;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Slack;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// The pulse's services over a real database (<see cref="TestDatabase"/>, its own or one given), a FakeTimeProvider, and
/// Moq'd Slack families that behave like Slack: DMs per user, pages of members, users with bot/deleted flags.
/// </summary>
internal sealed class PulseTestWorld : IAsyncDisposable
{
    public const string TeamId = "T0TEAM";
    public const string BotUserId = "U0BOT";
    public const string Hr = "UHR0001";
    public const string Channel = "C0AUDIENCE";

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private int _ts;

    /// <summary>A world over its own database, or over <paramref name="database"/> (kept after the world is disposed).</summary>
    public PulseTestWorld(Dictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        _database = database ?? TestDatabase.Create();
        _ownsDatabase = database is null;

        var values = new Dictionary<string, string?>
        {
            ["Pulse:Audience"] = Channel,
            ["Pulse:Hr:0"] = Hr,
            ["Pulse:DmsPerMinute"] = "0",
            ["Pulse:CloseUpdatesPerMinute"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        _database.AddBotDbContext(services);
        services.AddSingleton<TimeProvider>(Time);
        services.AddOptions<SchedulingOptions>();
        services.AddSingleton(Slack.Object);
        services.AddScoped<SlackRequestContext>(_ => new SlackRequestContext { TeamId = TeamId });
        var connection = new SlackConnection();
        connection.MarkConnected(new BotIdentity(TeamId, BotUserId, "B0BOT", "Test"), Time.GetUtcNow());
        services.AddSingleton(connection);
        services.AddPeople();
        services.AddTeams();
        services.AddPulse(configuration);
        RecordedBackgroundJobs.AddTo(services);
        services.AddScoped<PulseAnswerAction>();
        services.AddScoped<PulseCommentAction>();
        services.AddScoped<PulseCommentSubmission>();
        services.AddScoped<PulseCommand>();
        Services = services.BuildServiceProvider();
        Services.GetRequiredService<UserGroupSyncStatus>().MarkSynced(Time.GetUtcNow()); // as the connection above: start-up is over

        Slack.SetupGet(s => s.Chat).Returns(Chat.Object);
        Slack.SetupGet(s => s.Conversations).Returns(Conversations.Object);
        Slack.SetupGet(s => s.Users).Returns(UsersApi.Object);
        Slack.SetupGet(s => s.Views).Returns(Views.Object);
        Slack.SetupGet(s => s.Files).Returns(Files.Object);
        Slack.SetupGet(s => s.UserGroups).Returns(new Mock<IUserGroupsApi>().Object);
        Slack.SetupGet(s => s.UserGroupUsers).Returns(new Mock<IUserGroupUsersApi>().Object);

        Conversations.Setup(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<string> ids, CancellationToken _) => DmOf(ids.Single()));
        Conversations.Setup(c => c.Members(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string? cursor, int limit, CancellationToken _) =>
            {
                var start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
                var size = limit > 0 ? limit : 100;
                var page = ChannelMembers.Skip(start).Take(size).ToList();
                var next = start + size < ChannelMembers.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                return new ConversationMembersResponse { Members = page, ResponseMetadata = new ResponseMetadata { NextCursor = next } };
            });
        UsersApi.Setup(u => u.Info(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => People.TryGetValue(id, out var user) ? user : throw new SlackException("user_not_found", "users.info"));
        UsersApi.Setup(u => u.List(It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new UserListResponse { Members = [.. People.Values] });
        Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .Returns(async (Message m, CancellationToken ct) =>
            {
                if (BeforePost is { } hook)
                {
                    await hook(m, ct);
                }

                Posts.Enqueue(m);
                if (AfterPost is { } after)
                {
                    await after(m, ct);
                }

                // As Slack does: a post to a user id lands in (and answers with) that person's DM.
                return new PostMessageResponse { Channel = m.Channel is ['U', ..] ? DmOf(m.Channel) : m.Channel, Ts = NextTs() };
            });
        Chat.Setup(c => c.Update(It.IsAny<MessageUpdate>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((MessageUpdate u, CancellationToken _) =>
            {
                Updates.Enqueue(u);
                return new MessageUpdateResponse { Channel = u.ChannelId, Ts = u.Ts };
            });
        Chat.Setup(c => c.Delete(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string ts, string channel, CancellationToken _) =>
            {
                Deletes.Enqueue((channel, ts));
                return new MessageTsResponse { Channel = channel, Ts = ts };
            });
        Chat.Setup(c => c.PostEphemeral(It.IsAny<string>(), It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string user, Message m, CancellationToken _) =>
            {
                Ephemerals.Enqueue((user, m));
                return new PostMessageResponse { Channel = m.Channel, MessageTs = NextTs() };
            });
        Files.Setup(f => f.Upload(It.IsAny<byte[]>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((byte[] content, string name, string channel, string? _, string? _, CancellationToken _) =>
            {
                Uploads.Enqueue((channel, name, content));
                return new CompleteUploadExternalResponse();
            });
    }

    public ObservedFakeTime Time { get; } = new(new DateTimeOffset(2026, 3, 17, 9, 0, 0, TimeSpan.Zero));

    public ServiceProvider Services { get; }

    public Mock<ISlackApiClient> Slack { get; } = new();

    public Mock<IChatApi> Chat { get; } = new();

    public Mock<IConversationsApi> Conversations { get; } = new();

    public Mock<IUsersApi> UsersApi { get; } = new();

    public Mock<IViewsApi> Views { get; } = new();

    public Mock<IFilesApi> Files { get; } = new();

    public List<string> ChannelMembers { get; } = [];

    public ConcurrentDictionary<string, User> People { get; } = new();

    public ConcurrentQueue<Message> Posts { get; } = new();

    public ConcurrentQueue<MessageUpdate> Updates { get; } = new();

    public ConcurrentQueue<(string User, Message Message)> Ephemerals { get; } = new();

    public ConcurrentQueue<(string Channel, string Ts)> Deletes { get; } = new();

    public ConcurrentQueue<(string Channel, string Name, byte[] Content)> Uploads { get; } = new();

    /// <summary>Runs before a post is recorded (throw to make Slack refuse it).</summary>
    public Func<Message, CancellationToken, Task>? BeforePost { get; set; }

    /// <summary>Runs after a post is recorded, before the bot hears the answer (throw to "crash" mid-call).</summary>
    public Func<Message, CancellationToken, Task>? AfterPost { get; set; }

    public static string DmOf(string userId) => "D" + userId;

    public static string UserId(int i) => $"U{i:D5}";

    /// <summary>Adds people (and optionally a bot and a deactivated user) to the audience channel.</summary>
    public IReadOnlyList<string> AddPeople(int count, bool withBotAndDeleted = false)
    {
        var ids = Enumerable.Range(ChannelMembers.Count + 1, count).Select(UserId).ToList();
        foreach (var id in ids)
        {
            People[id] = new User { Id = id, Name = id.ToLowerInvariant() };
            ChannelMembers.Add(id);
        }

        if (withBotAndDeleted)
        {
            People["UROBOT1"] = new User { Id = "UROBOT1", IsBot = true };
            People["UGONE01"] = new User { Id = "UGONE01", Deleted = true };
            ChannelMembers.AddRange(["UROBOT1", "UGONE01", BotUserId]);
        }

        return ids;
    }

    /// <summary>Creates a synced user group with these members.</summary>
    public async Task AddGroup(string groupId, string handle, IEnumerable<string> members)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
        db.Add(new UserGroupRecord { TeamId = TeamId, GroupId = groupId, Handle = handle, Name = handle, SyncedAt = Time.GetUtcNow().UtcDateTime });
        db.AddRange(members.Select(m => new UserGroupMember { TeamId = TeamId, GroupId = groupId, UserId = m, SyncedAt = Time.GetUtcNow().UtcDateTime }));
        await db.SaveChangesAsync();
    }

    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task InScope(Func<IServiceProvider, Task> action) => InScope(async sp =>
    {
        await action(sp);
        return true;
    });

    public Task Tick() => InScope(sp => sp.GetRequiredService<PulseTickJob>().Run(CancellationToken.None));

    public Task<PulseSurvey?> Open() => InScope(sp => sp.GetRequiredService<PulseService>().OpenIfDue(TeamId, force: true, CancellationToken.None));

    /// <summary>Clicks an answer button in <paramref name="userId"/>'s DM, the way Slack sends it.</summary>
    public Task Click(string userId, long surveyId, int question, int value, string? inChannel = null) => InScope(sp =>
        sp.GetRequiredService<PulseAnswerAction>().Handle(
            new ButtonAction { ActionId = PulseBlocks.AnswerActionId(value), Value = PulseBlocks.AnswerValue(surveyId, question, value) },
            new BlockActionRequest
            {
                User = new SlackChampionBot.Slack.Interaction.UserInfo { Id = userId },
                Channel = new SlackChampionBot.Slack.Interaction.ChannelInfo { Id = inChannel ?? DmOf(userId) },
                Container = new SlackChampionBot.Slack.Interaction.Container { ChannelId = inChannel ?? DmOf(userId), MessageTs = "1.000001" },
            }));

    public Task<SlashCommandResponse> Command(string userId, string text) => InScope(sp =>
        sp.GetRequiredService<PulseCommand>().Handle(new SlashCommand { TeamId = TeamId, UserId = userId, Command = "/pulse", Text = text, ChannelId = "C0HR" }));

    /// <summary>What was posted into <paramref name="userId"/>'s DM (addressed to the user id or to the DM's channel).</summary>
    public IReadOnlyList<Message> PostsTo(string userId) => Posts.Where(p => p.Channel == DmOf(userId) || p.Channel == userId).ToList();

    /// <summary>Each of <paramref name="people"/> clicks <paramref name="value"/> for one question, one after another.</summary>
    public async Task AnswerAll(long surveyId, IEnumerable<string> people, int question, int value)
    {
        foreach (var person in people)
        {
            await Click(person, surveyId, question, value);
        }
    }

    /// <summary>The team rows (name, n) of the latest closed survey's results.</summary>
    public async Task<IReadOnlyList<(string Name, int N)>> TeamRows() =>
        [.. Assert.IsType<PulseReportReady>(await Report()).Teams.Select(t => (t.Name, t.N))];

    /// <summary>Runs what slash commands queued for the background (send-now's tick, an export, a close), in order.</summary>
    public async Task RunBackgroundWork()
    {
        await Services.GetRequiredService<RecordedBackgroundJobs>().RunAll();
    }

    /// <summary>Moves the clock past the survey's end and ticks: the survey closes and its DMs are tidied.</summary>
    public async Task CloseByTime(TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromDays(4));
        await Tick();
    }

    public Task<PulseReport> Report(string? selector = null) =>
        InScope(sp => sp.GetRequiredService<PulseResults>().Build(TeamId, selector, CancellationToken.None));

    public Task<T> Db<T>(Func<BotDbContext, Task<T>> query) => InScope(sp => query(sp.GetRequiredService<BotDbContext>()));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }

    private string NextTs() => $"1700000000.{Interlocked.Increment(ref _ts):D6}";
}
