using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
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

namespace SlackChampionBot.Tests.Features.Leaderboards;

/// <summary>
/// The Leaderboards services over a real database (<see cref="TestDatabase"/>, migrated), with FakeTimeProvider, mocked Slack families and a
/// recording title service. <see cref="NewServices"/> builds a fresh container over the same file: a restart.
/// </summary>
internal sealed class LeaderboardsWorld : IAsyncDisposable
{
    public const string Team = "T1";

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<ServiceProvider> _providers = [];
    private long _naturalKey;

    public LeaderboardsWorld(DateTimeOffset now, string timeZone = "Europe/London")
    {
        Time = new FakeTimeProvider(now);
        TimeZone = timeZone;
        Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) => new PostMessageResponse { Channel = m.Channel, Ts = "1700000000.000100" });
        Slack.SetupGet(s => s.Chat).Returns(Chat.Object);
        Slack.SetupGet(s => s.Views).Returns(Views.Object);
        Slack.SetupGet(s => s.Users).Returns(Users.Object);
        Files.Setup(f => f.Upload(It.IsAny<byte[]>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((byte[] content, string name, string channel, string? _, string? _, CancellationToken _) =>
            {
                Uploads.Enqueue((channel, name, content));
                return UploadFailure is { } failure ? Task.FromException<CompleteUploadExternalResponse>(failure) : Task.FromResult(new CompleteUploadExternalResponse());
            });
        Slack.SetupGet(s => s.Files).Returns(Files.Object);
        Services = NewServices();
    }

    public FakeTimeProvider Time { get; }

    public string TimeZone { get; set; }

    public Mock<ISlackApiClient> Slack { get; } = new();

    public Mock<IChatApi> Chat { get; } = new();

    public Mock<IViewsApi> Views { get; } = new();

    public Mock<IUsersApi> Users { get; } = new();

    public Mock<IFilesApi> Files { get; } = new();

    /// <summary>Every file upload asked for (also those answered with <see cref="UploadFailure"/>).</summary>
    public ConcurrentQueue<(string Channel, string Name, byte[] Content)> Uploads { get; } = new();

    /// <summary>When set, every upload fails with it (after being recorded).</summary>
    public Exception? UploadFailure { get; set; }

    public RecordingTitles Titles { get; } = new();

    public LogSink Logs { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Leaderboards:Channel"] = "C0LEADER",
        ["Leaderboards:TopN"] = "10",
        ["Leaderboards:WeeklyPostCron"] = "0 16 * * FRI",
        ["Leaderboards:CatchUpWindowHours"] = "24",
    };

    public ServiceProvider Services { get; private set; }

    /// <summary>EF interceptors added to every context of containers built after they are added (see <see cref="NewServices"/>).</summary>
    public List<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> DbInterceptors { get; } = [];

    /// <summary>A new container over the same database (settings re-read): what a restart gives.</summary>
    public ServiceProvider NewServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Time);
        _database.AddBotDbContext(services, o => o.AddInterceptors(DbInterceptors));
        services.Configure<SchedulingOptions>(o => o.TimeZone = TimeZone);
        services.AddOptions<LeaderboardOptions>().Bind(configuration.GetSection(LeaderboardOptions.SectionName));
        services.AddSingleton(Slack.Object);
        services.AddSingleton<ITitleService>(Titles);
        var connection = new SlackConnection();
        connection.MarkConnected(new BotIdentity(Team, "UBOT", "B1", "Test"), Time.GetUtcNow());
        services.AddSingleton(connection);
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserGroupDirectory>();
        services.AddSingleton<CompanyTeams>();
        services.AddScoped<StarTotals>();
        services.AddScoped<LeaderboardService>();
        services.AddScoped<WeeklyPostContentBuilder>();
        services.AddScoped<WeeklyPostService>();
        services.AddScoped<WeeklyLeaderboardJob>();
        services.AddScoped(_ => new SlackRequestContext { TeamId = Team });
        services.AddScoped<LeaderboardCommand>();
        services.AddScoped<StarsCommand>();
        services.AddScoped<ShowHomeTab>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _providers.Add(provider);
        Services = provider;
        return provider;
    }

    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> With<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull =>
        InScope(sp => action(sp.GetRequiredService<TService>()));

    public async Task<StarEntry> Star(string receiver, int amount, DateTime createdAtUtc, StarReason reason = StarReason.Win, string? giver = null, long? winId = null, long? reverses = null)
    {
        var entry = new StarEntry
        {
            TeamId = Team,
            ReceiverId = receiver,
            GiverId = giver,
            Amount = amount,
            Reason = reason,
            WinId = winId,
            ReversesEntryId = reverses,
            NaturalKey = $"test:{Interlocked.Increment(ref _naturalKey)}",
            CreatedAt = DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc),
        };
        await Db(async db =>
        {
            db.Add(entry);
            await db.SaveChangesAsync();
        });
        return entry;
    }

    public async Task<Win> Win(string poster, string text, DateTime createdAtUtc, LifecycleStage? stage = null, ExperienceKind? experience = null, string? permalink = null, params string[] credited)
    {
        var win = new Win
        {
            TeamId = Team,
            ChannelId = "C0WINS",
            MessageTs = $"{createdAtUtc.Ticks}.{Interlocked.Increment(ref _naturalKey)}",
            PosterId = poster,
            Text = text,
            Stage = stage,
            Experience = experience,
            Permalink = permalink,
            Source = WinSource.Message,
            CreatedAt = DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc),
            Credits = credited.Select(c => new WinCredit { TeamId = Team, UserId = c }).ToList(),
        };
        await Db(async db =>
        {
            db.Add(win);
            await db.SaveChangesAsync();
        });
        return win;
    }

    public Task Name(string userId, string displayName) => Db(async db =>
    {
        db.Add(new SlackUser { TeamId = Team, UserId = userId, DisplayName = displayName, FetchedAt = Time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
    });

    public Task Group(string groupId, string handle, params string[] members) => Db(async db =>
    {
        var now = Time.GetUtcNow().UtcDateTime;
        db.Add(new UserGroupRecord { TeamId = Team, GroupId = groupId, Handle = handle, Name = handle, SyncedAt = now });
        db.AddRange(members.Select(m => new UserGroupMember { TeamId = Team, GroupId = groupId, UserId = m, SyncedAt = now }));
        await db.SaveChangesAsync();
    });

    public async Task Db(Func<BotDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<BotDbContext>());
    }

    public async Task<T> Db<T>(Func<BotDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BotDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}

/// <summary>
/// Holds every UPDATE of weekly_posts that claims the week (sets attempts) until <paramref name="runs"/> of them are
/// waiting, then lets them all go: each run has read the row as claimable before any claim lands, the race the
/// conditional update must settle. Bounded: after 30 s it lets them go anyway (the test then fails on its counts).
/// </summary>
internal sealed class WeeklyClaimBarrier(int runs) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public int Arrived => Volatile.Read(ref _arrived);

    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
        System.Data.Common.DbCommand command,
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        // SQLite's SQL quotes every name, PostgreSQL's only those that need it: compare without quotes.
        var sql = command.CommandText.Replace("\"", string.Empty, StringComparison.Ordinal);
        if (sql.Contains("UPDATE weekly_posts", StringComparison.Ordinal) && sql.Contains("attempts = ", StringComparison.Ordinal))
        {
            if (Interlocked.Increment(ref _arrived) == runs)
            {
                _all.TrySetResult();
            }

            await _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return result;
    }
}

/// <summary>An ITitleService that hands out configured titles and records the Champions of the Week.</summary>
internal sealed class RecordingTitles : ITitleService
{
    public Dictionary<string, List<TitleBadge>> Current { get; } = [];

    public List<TitleBadge> Granted { get; } = [];

    public ConcurrentQueue<(string UserId, DateOnly WeekStart)> ChampionsOfTheWeek { get; } = new();

    public Task<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>> CurrentTitles(string teamId, IReadOnlyCollection<string> userIds, DateTime asOfUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(
            Current.Where(c => userIds.Contains(c.Key)).ToDictionary(c => c.Key, c => (IReadOnlyList<TitleBadge>)c.Value));

    public Task<IReadOnlyList<TitleBadge>> ChampionsGranted(string teamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TitleBadge>>(Granted.Where(g => g.GrantedAt >= fromUtc && g.GrantedAt < toUtc).ToList());

    public Task RecordChampionOfTheWeek(string teamId, string userId, DateOnly weekStart, CancellationToken cancellationToken)
    {
        ChampionsOfTheWeek.Enqueue((userId, weekStart));
        return Task.CompletedTask;
    }
}

/// <summary>Collects formatted log lines with their event ids.</summary>
internal sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}

/// <summary>Checks what Slack would reject: block counts and text lengths.</summary>
internal static class BlockKitLimits
{
    public static void AssertWithin(IList<Block> blocks, int maxBlocks)
    {
        Assert.InRange(blocks.Count, 1, maxBlocks);
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeaderBlock header:
                    Assert.InRange(header.Text.Text.Length, 1, HeaderBlock.MaxTextLength);
                    break;
                case SectionBlock section:
                    if (section.Text is { } text)
                    {
                        Assert.InRange(text.Text.Length, 1, TextObject.MaxLength);
                    }

                    foreach (var field in section.Fields ?? [])
                    {
                        Assert.InRange(field.Text.Length, 1, 2000);
                    }

                    Assert.True(section.Text is not null || section.Fields is { Count: > 0 and <= 10 });
                    break;
                case ContextBlock context:
                    Assert.InRange(context.Elements.Count, 1, 10);
                    foreach (var element in context.Elements)
                    {
                        var length = element switch
                        {
                            ContextText t => t.Text.Length,
                            ContextPlainText p => p.Text.Length,
                            _ => 1,
                        };
                        Assert.InRange(length, 1, TextObject.MaxLength);
                    }

                    break;
                case ActionsBlock actions:
                    Assert.InRange(actions.Elements.Count, 1, 25);
                    break;
            }
        }
    }
}
