using SlackChampionBot.Slack.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>
/// The wins feature's services and handlers over a real database (<see cref="TestDatabase"/>), with mocked Slack Web API families that record
/// what the bot says, a <see cref="FakeTimeProvider"/>, and a directory of Slack users the test defines.
/// </summary>
internal sealed class WinsTestBed : IAsyncDisposable
{
    public const string Team = "T0TEAM";
    public const string WinsChannel = "C0WINS";
    public const string OtherChannel = "C0CHAT";
    public const string BotUser = "U0BOT";

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly ServiceProvider _provider;
    private int _ts = 1000;
    private int _eventId;

    public WinsTestBed(Dictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 11, 12, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wins:Channels:0"] = WinsChannel,
            ["Scheduling:TimeZone"] = "Europe/London",
        }.Concat(settings ?? []).GroupBy(p => p.Key).Where(g => g.Last().Value is not null).ToDictionary(g => g.Key, g => g.Last().Value)).Build();

        Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) =>
            {
                lock (Posted)
                {
                    Posted.Add(m);
                }

                return new PostMessageResponse { Channel = m.Channel, Ts = NextTs() };
            });
        Chat.Setup(c => c.PostEphemeral(It.IsAny<string>(), It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string user, Message m, CancellationToken _) =>
            {
                lock (Ephemerals)
                {
                    Ephemerals.Add((user, m));
                }

                return new PostMessageResponse { MessageTs = NextTs() };
            });
        Chat.Setup(c => c.GetPermalink(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string channel, string ts, CancellationToken _) => new PermalinkResponse { Channel = channel, Permalink = $"https://example.slack.com/archives/{channel}/p{ts.Replace(".", string.Empty)}" });
        Reactions.Setup(r => r.AddToMessage(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string name, string channel, string ts, CancellationToken _) =>
            {
                lock (AddedReactions)
                {
                    AddedReactions.Add((name, channel, ts));
                }

                return Task.CompletedTask;
            });
        UsersApi.Setup(u => u.Info(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => Directory.TryGetValue(id, out var user) ? user : throw new SlackException("user_not_found", "users.info"));
        Slack.SetupGet(s => s.Chat).Returns(Chat.Object);
        Slack.SetupGet(s => s.Reactions).Returns(Reactions.Object);
        Slack.SetupGet(s => s.Users).Returns(UsersApi.Object);
        Slack.SetupGet(s => s.Views).Returns(Views.Object);

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Slack.Object);
        _database.AddBotDbContext(services);
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName));
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserGroupDirectory>();
        services.AddScoped<UserGroupStore>();
        services.AddScoped<SlackRequestContext>();
        var connection = new SlackConnection();
        connection.MarkConnected(new BotIdentity(Team, BotUser, "B0BOT", "Test"), Time.GetUtcNow());
        services.AddSingleton(connection);
        services.AddSingleton<IStarsChangedObserver>(Observer);
        services.AddStars(configuration);
        services.AddWins(configuration);
        new ServiceCollectionSlackServiceConfiguration(services).RegisterWinsHandlers();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        AddUser(BotUser, "Champion Bot", isBot: true);
    }

    public FakeTimeProvider Time { get; }

    public Mock<ISlackApiClient> Slack { get; } = new();

    public Mock<IChatApi> Chat { get; } = new();

    public Mock<IReactionsApi> Reactions { get; } = new();

    public Mock<IUsersApi> UsersApi { get; } = new();

    public Mock<IViewsApi> Views { get; } = new();

    public Dictionary<string, User> Directory { get; } = [];

    public List<Message> Posted { get; } = [];

    public List<(string User, Message Message)> Ephemerals { get; } = [];

    public List<(string Name, string Channel, string Ts)> AddedReactions { get; } = [];

    public RecordingObserver Observer { get; } = new();

    public User AddUser(string id, string name, string? tz = "Europe/London", bool isBot = false, bool isGuest = false, bool deleted = false)
    {
        var user = new User { Id = id, Name = name, RealName = name, Tz = tz, IsBot = isBot, IsRestricted = isGuest, Deleted = deleted };
        Directory[id] = user;
        return user;
    }

    public string NextTs() => $"{Interlocked.Increment(ref _ts)}.000100";

    public string NextEventId() => $"Ev{Interlocked.Increment(ref _eventId):D6}";

    public MessageEvent Message(string user, string text, string channel = WinsChannel, string? ts = null) =>
        new() { Type = "message", User = user, Text = text, Channel = channel, ChannelType = "channel", Ts = ts ?? NextTs() };

    public ReactionAdded Cheer(string user, MessageEvent win, string reaction = "star") =>
        new() { Type = "reaction_added", User = user, Reaction = reaction, ItemUser = win.User, Item = new ReactionItem { Type = "message", Channel = win.Channel, Ts = win.Ts } };

    public ReactionRemoved Uncheer(string user, MessageEvent win, string reaction = "star") =>
        new() { Type = "reaction_removed", User = user, Reaction = reaction, ItemUser = win.User, Item = new ReactionItem { Type = "message", Channel = win.Channel, Ts = win.Ts } };

    public MessageChanged Edit(MessageEvent original, string newText) => new()
    {
        Type = "message",
        Subtype = "message_changed",
        Hidden = true,
        Channel = original.Channel,
        Ts = NextTs(),
        Message = new MessageEvent { Type = "message", User = original.User, Text = newText, Ts = original.Ts, Edited = new MessageEdited { User = original.User, Ts = NextTs() } },
        PreviousMessage = original,
    };

    public MessageDeleted Delete(MessageEvent original) => new()
    {
        Type = "message",
        Subtype = "message_deleted",
        Hidden = true,
        Channel = original.Channel,
        Ts = NextTs(),
        DeletedTs = original.Ts,
        PreviousMessage = original,
    };

    /// <summary>Delivers an event to its registered handler in a fresh scope, as the adapter's dispatcher does.</summary>
    public async Task Deliver<TEvent>(TEvent slackEvent, string? eventId = null)
        where TEvent : Event
    {
        await using var scope = _provider.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<SlackRequestContext>();
        context.TeamId = Team;
        context.EventId = eventId ?? NextEventId();
        context.EventTime = Time.GetUtcNow();
        switch (slackEvent)
        {
            case MessageEvent message:
                await scope.ServiceProvider.GetRequiredService<WinPostedHandler>().Handle(message);
                break;
            case ReactionAdded added:
                await scope.ServiceProvider.GetRequiredService<CheerReactionHandler>().Handle(added);
                break;
            case ReactionRemoved removed:
                await scope.ServiceProvider.GetRequiredService<CheerRemovedHandler>().Handle(removed);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(slackEvent));
        }
    }

    public async Task<T> Use<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _provider.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<SlackRequestContext>();
        context.TeamId = Team;
        return await work(scope.ServiceProvider);
    }

    public Task<int> Balance(string userId) => Use(sp => sp.GetRequiredService<StarLedger>().Balance(Team, userId));

    public Task<List<StarEntry>> Entries() => Use(sp => sp.GetRequiredService<BotDbContext>().Set<StarEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public Task<List<Win>> Wins() => Use(sp => sp.GetRequiredService<BotDbContext>().Set<Win>().AsNoTracking().Include(w => w.Credits).OrderBy(w => w.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}

internal sealed class RecordingObserver : IStarsChangedObserver
{
    private readonly List<StarsChanged> _changes = [];

    public IReadOnlyList<StarsChanged> Changes
    {
        get
        {
            lock (_changes)
            {
                return _changes.ToList();
            }
        }
    }

    public bool ThrowOnNext { get; set; }

    public Task OnStarsChanged(StarsChanged change, CancellationToken cancellationToken)
    {
        if (ThrowOnNext)
        {
            ThrowOnNext = false;
            throw new InvalidOperationException("observer failure");
        }

        lock (_changes)
        {
            _changes.Add(change);
        }

        return Task.CompletedTask;
    }

    public Task AnnounceEarned(string teamId, IReadOnlyCollection<string> receiverIds, AnnouncementPlace? fallback, CancellationToken cancellationToken) => Task.CompletedTask;
}
