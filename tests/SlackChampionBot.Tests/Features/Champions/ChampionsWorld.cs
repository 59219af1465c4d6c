using SlackChampionBot.Slack.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Champions;

/// <summary>
/// The Champions feature's services over a real database (<see cref="TestDatabase"/>), with the Slack Web API
/// families mocked: users.info answers from <see cref="People"/>, the managers' user group has <see cref="GroupMembers"/>,
/// and every chat.postMessage is recorded in <see cref="Posted"/>.
/// </summary>
internal sealed class ChampionsWorld : IAsyncDisposable
{
    public const string Team = "T0TEAM";
    public const string Manager = "UMANAGER1";
    public const string OtherManager = "UMANAGER2";
    public const string Nominee = "UNOMINEE1";
    public const string Colleague = "UCOLLEAGUE";
    public const string Bot = "UBOTUSER1";
    public const string Departed = "UDEPARTED";
    public const string ManagerGroupId = "SMANAGERS";
    public const string WinsChannel = "CWINS0001";
    public const string GoodReason = "Stayed late to get a replacement to a customer before their wedding";

    private readonly TestDatabase _database = TestDatabase.Create();
    private int _ts = 1000;

    private ChampionsWorld(Dictionary<string, string?> settings, Action<IServiceCollection>? configure)
    {
        Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) =>
            {
                Posted.Add(m);
                return new PostMessageResponse { Channel = m.Channel, Ts = $"1700000000.{++_ts:D6}" };
            });
        Conversations.Setup(c => c.Open(It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<string> ids, CancellationToken _) => "D" + ids.Single());
        Users.Setup(u => u.Info(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => People.TryGetValue(id, out var user) ? user : throw new SlackException("user_not_found", "users.info"));
        UserGroups.Setup(g => g.List(It.IsAny<bool>(), It.IsAny<bool>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new UserGroup { Id = ManagerGroupId, Handle = "managers", Name = "Managers" }]);
        UserGroupUsers.Setup(g => g.List(ManagerGroupId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => GroupMembers.ToList());
        Views.Setup(v => v.Open(It.IsAny<string>(), It.IsAny<ViewDefinition>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ViewResponse());

        var slack = new Mock<ISlackApiClient>();
        slack.SetupGet(s => s.Chat).Returns(Chat.Object);
        slack.SetupGet(s => s.Conversations).Returns(Conversations.Object);
        slack.SetupGet(s => s.Users).Returns(Users.Object);
        slack.SetupGet(s => s.UserGroups).Returns(UserGroups.Object);
        slack.SetupGet(s => s.UserGroupUsers).Returns(UserGroupUsers.Object);
        slack.SetupGet(s => s.Views).Returns(Views.Object);

        foreach (var (id, name) in new[] { (Manager, "Morgan Manager"), (OtherManager, "Olive Other"), (Nominee, "Nina Nominee"), (Colleague, "Colin Colleague") })
        {
            People[id] = new User { Id = id, Profile = new UserProfile { DisplayName = name }, Tz = "Europe/London" };
        }

        People[Bot] = new User { Id = Bot, IsBot = true, Profile = new UserProfile { DisplayName = "Deploy Bot" } };
        People[Departed] = new User { Id = Departed, Deleted = true, Profile = new UserProfile { DisplayName = "Dee Parted" } };

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(slack.Object);
        _database.AddBotDbContext(services);
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName));
        var connection = new SlackConnection();
        connection.MarkConnected(new BotIdentity(Team, "UTHEBOT01", "B1", "Test"), Time.GetUtcNow());
        services.AddSingleton(connection);
        services.AddScoped(_ => new SlackRequestContext { TeamId = Team }); // as the adapter fills it for each request
        services.AddPeople().AddTeams().AddStars(configuration).AddChampions(configuration);
        RecordedBackgroundJobs.AddTo(services);
        new ServiceCollectionSlackServiceConfiguration(services).RegisterChampionsHandlers();
        configure?.Invoke(services);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));

    public Mock<IChatApi> Chat { get; } = new();

    public Mock<IConversationsApi> Conversations { get; } = new();

    public Mock<IUsersApi> Users { get; } = new();

    public Mock<IUserGroupsApi> UserGroups { get; } = new();

    public Mock<IUserGroupUsersApi> UserGroupUsers { get; } = new();

    public Mock<IViewsApi> Views { get; } = new();

    public Dictionary<string, User> People { get; } = [];

    /// <summary>What usergroups.users.list answers for the managers' group.</summary>
    public List<string> GroupMembers { get; } = [Manager, OtherManager];

    public List<Message> Posted { get; } = [];

    public ServiceProvider Provider { get; }

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Champions:ManagerGroup"] = "@managers",
        ["Wins:Channels:0"] = WinsChannel,
        ["Scheduling:TimeZone"] = "Europe/London",
    };

    /// <summary>A world with its schema created and, unless told otherwise, the managers' group synced.</summary>
    public static async Task<ChampionsWorld> Create(Dictionary<string, string?>? settings = null, bool sync = true, Action<IServiceCollection>? configure = null)
    {
        var world = new ChampionsWorld(settings ?? DefaultSettings(), configure);
        if (sync)
        {
            await world.SyncGroups();
        }

        return world;
    }

    public Task SyncGroups() => Run<UserGroupSync>(s => s.Run(CancellationToken.None));

    public async Task<TResult> Run<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = Provider.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task Run<TService>(Func<TService, Task> action)
        where TService : notnull
    {
        await using var scope = Provider.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<NominationOutcome> Nominate(string managerId, string nomineeId, string reason = GoodReason) =>
        Run<ChampionService, NominationOutcome>(s => s.Nominate(Team, managerId, nomineeId, reason, "test", CancellationToken.None));

    public Task Publish(long nominationId) => Run<ChampionNotices>(n => n.Publish(nominationId, CancellationToken.None));

    public Task<List<T>> All<T>()
        where T : class =>
        Run<BotDbContext, List<T>>(db => db.Set<T>().AsNoTracking().ToListAsync());

    public Task<int> Stars(string userId) =>
        Run<BotDbContext, int>(async db => await db.Set<StarEntry>().Where(e => e.TeamId == Team && e.ReceiverId == userId).SumAsync(e => (int?)e.Amount) ?? 0);

    public async Task<Win> AddWin(string posterId)
    {
        var win = new Win { TeamId = Team, ChannelId = WinsChannel, MessageTs = $"1699999999.{++_ts:D6}", PosterId = posterId, Text = "A customer win", Source = WinSource.Message, CreatedAt = Time.GetUtcNow().UtcDateTime };
        await Run<BotDbContext>(async db =>
        {
            db.Add(win);
            await db.SaveChangesAsync();
        });
        return win;
    }

    /// <summary>Appends a ledger row as the wins feature would (a cheer by default).</summary>
    public async Task<StarEntry> AddStars(string receiverId, int amount, long? winId, string naturalKey, StarReason reason = StarReason.Cheer)
    {
        var entry = new StarEntry { TeamId = Team, GiverId = Colleague, ReceiverId = receiverId, Amount = amount, Reason = reason, WinId = winId, NaturalKey = naturalKey, CreatedAt = Time.GetUtcNow().UtcDateTime };
        await Run<BotDbContext>(async db =>
        {
            db.Add(entry);
            await db.SaveChangesAsync();
        });
        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}
