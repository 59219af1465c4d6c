using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Sandbox;

/// <summary>Time travel, which only the host can do (it owns the jobs); the page's buttons call it.</summary>
public interface ISandboxTimeTravel
{
    /// <summary>Runs <paramref name="action"/> (one of <see cref="SandboxSlack.TimeActions"/>) and says what happened.</summary>
    Task<string> Run(string action, CancellationToken cancellationToken);
}

/// <summary>
/// The sandbox: a local Slack (the Web API and Socket Mode emulator, seeded with <see cref="SandboxCompany"/>) and a
/// web page in front of it, where a visitor acts as any seeded person. The bot connects to it exactly as to Slack,
/// with the settings in <see cref="BotSettings"/>.
/// </summary>
public sealed class SandboxSlack : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>The time-travel buttons, in the page's order: (action, label).</summary>
    public static IReadOnlyList<(string Action, string Label)> TimeActions { get; } =
    [
        ("friday", "Jump to Friday 16:00"),
        ("open-pulse", "Open a pulse now"),
        ("close-pulse", "Close the pulse now"),
        ("next-day", "Next day"),
    ];

    private readonly WebApplication _page;

    private SandboxSlack(FakeSlackWebApi webApi, FakeSocketModeServer socketMode, SandboxClock clock, WebApplication page)
    {
        WebApi = webApi;
        SocketMode = socketMode;
        Clock = clock;
        _page = page;
        Workspace = new SandboxWorkspace(webApi);
        Client = new SandboxClient(socketMode, Workspace, clock);
    }

    public FakeSlackWebApi WebApi { get; }

    public FakeSocketModeServer SocketMode { get; }

    public SandboxClock Clock { get; }

    public SandboxWorkspace Workspace { get; }

    public SandboxClient Client { get; }

    /// <summary>Where the page is, e.g. <c>http://localhost:5080/</c>.</summary>
    public Uri PageUrl { get; private set; } = null!;

    /// <summary>Set by the host once the bot is built.</summary>
    public ISandboxTimeTravel? TimeTravel { get; set; }

    /// <summary>The bot's settings: the emulator's address and tokens, Socket Mode, and the company's channels and groups.</summary>
    public IReadOnlyDictionary<string, string?> BotSettings => new Dictionary<string, string?>(SandboxCompany.BotSettings)
    {
        ["Slack:BotToken"] = "xoxb-sandbox-0000-localonly",
        ["Slack:AppLevelToken"] = "xapp-1-sandbox-0000-localonly",
        ["Slack:UseSocketMode"] = "true",
        ["Slack:ApiBaseUrl"] = WebApi.BaseUrl.ToString(),
    };

    /// <summary>Starts the emulator and the page on <paramref name="pageUrl"/> (port 0: any free port).</summary>
    public static async Task<SandboxSlack> StartAsync(string pageUrl, SandboxClock clock, CancellationToken cancellationToken = default)
    {
        var webApi = await FakeSlackWebApi.StartAsync(clock, cancellationToken);
        var socketMode = await FakeSocketModeServer.StartAsync();
        webApi.ServeSocketModeUrls(socketMode.NextConnectionUrl);
        SandboxCompany.Seed(webApi);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(pageUrl);
        var page = builder.Build();
        var sandbox = new SandboxSlack(webApi, socketMode, clock, page);
        sandbox.MapPage(page);
        await page.StartAsync(cancellationToken);
        var address = page.Urls.First();
        sandbox.PageUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        await _page.StopAsync();
        await _page.DisposeAsync();
        await SocketMode.DisposeAsync();
        await WebApi.DisposeAsync();
    }

    private void MapPage(WebApplication page)
    {
        page.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        page.MapGet("/sandbox.js", () => Asset("sandbox.js", "text/javascript; charset=utf-8"));
        page.MapGet("/sandbox.css", () => Asset("sandbox.css", "text/css; charset=utf-8"));
        page.MapGet("/api/state", (string @as, long? since) => State(@as, since));
        page.MapGet("/api/files/{id}", (string id) => Workspace.File(id) is { } content
            ? Results.File(content, "text/csv", FileName(id))
            : Results.NotFound());
        page.MapPost("/api/message", (JsonObject body) => Do(body, user => Client.PostMessage(user, Str(body, "channel"), Str(body, "text"), (string?)body["thread_ts"])));
        page.MapPost("/api/edit", (JsonObject body) => Do(body, user => OnMessage(body, m => Client.Edit(user, m, Str(body, "text")))));
        page.MapPost("/api/delete", (JsonObject body) => Do(body, user => OnMessage(body, m => Client.Delete(user, m))));
        page.MapPost("/api/react", (JsonObject body) => Do(body, user => OnMessage(body, m => Client.ToggleReaction(user, m, Str(body, "name")))));
        page.MapPost("/api/command", (JsonObject body) => Do(body, user => Client.Command(user, Str(body, "channel"), Str(body, "command"), Str(body, "text"))));
        page.MapPost("/api/action", (JsonObject body) => Do(body, user => Action(user, body)));
        page.MapPost("/api/submit", (JsonObject body) => Do(body, user => Client.Submit(user, body["state"]?.DeepClone() as JsonObject ?? [])));
        page.MapPost("/api/close", (JsonObject body) => Do(body, Client.CloseModal));
        page.MapPost("/api/home", (JsonObject body) => Do(body, Client.OpenHome));
        page.MapPost("/api/time", (JsonObject body) => Do(body, _ => Travel(Str(body, "action"))));
    }

    private Task Action(string user, JsonObject body)
    {
        var action = body["action"]?.DeepClone() as JsonObject ?? [];
        var state = body["state"]?.DeepClone() as JsonObject;
        return (string?)body["source"] switch
        {
            "message" => OnMessage(body, m => Client.BlockAction(user, action, m, null, state)),
            "home" when Workspace.Home(user) is { } home => Client.BlockAction(user, action, null, home, state),
            "modal" when Workspace.Modal(user) is { } modal => Client.BlockAction(user, action, null, modal, state),
            _ => Task.CompletedTask,
        };
    }

    private async Task Travel(string action)
    {
        if (TimeTravel is null || TimeActions.All(a => a.Action != action))
        {
            return;
        }

        Workspace.Notice(await TimeTravel.Run(action, CancellationToken.None));
    }

    private Task OnMessage(JsonObject body, Func<SandboxMessage, Task> act) =>
        Workspace.Find(Str(body, "channel"), Str(body, "ts")) is { } message ? act(message) : Task.CompletedTask;

    private async Task<IResult> Do(JsonObject body, Func<string, Task> act)
    {
        var user = Str(body, "as");
        if (SandboxCompany.Person(user) is null)
        {
            return Results.BadRequest(new { error = "unknown person" });
        }

        try
        {
            await act(user);
            return Results.Ok(new { ok = true });
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or System.Net.WebSockets.WebSocketException)
        {
            // The bot did not answer in time or is not connected: the visitor sees why, and can try again.
            Workspace.Notice("The bot did not answer: " + ex.Message);
            await Console.Error.WriteLineAsync("Sandbox: " + ex);
            return Results.Problem(ex.Message);
        }
    }

    private IResult State(string userId, long? since)
    {
        var version = Workspace.Version;
        if (since == version)
        {
            return Results.Ok(new JsonObject { ["version"] = version, ["unchanged"] = true, ["now"] = Now() });
        }

        var dm = FakeSlackWebApi.DmChannelFor(userId);
        var messages = new JsonArray();
        foreach (var message in Workspace.MessagesFor(userId).Where(m => m.Channel.StartsWith('C') || m.Channel == dm))
        {
            messages.Add(new JsonObject
            {
                ["channel"] = message.Channel,
                ["ts"] = message.Ts,
                ["thread_ts"] = message.ThreadTs,
                ["user"] = message.User,
                ["text"] = message.Text,
                ["blocks"] = message.Blocks?.DeepClone(),
                ["ephemeral"] = message.VisibleTo is not null,
                ["edited"] = message.Edited,
                ["tombstone"] = message.Tombstone,
                ["file"] = message.FileId is { } fileId ? new JsonObject { ["id"] = fileId, ["name"] = message.FileName } : null,
                ["reactions"] = new JsonArray([.. message.Reactions.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.Key,
                    ["users"] = new JsonArray([.. r.Value.Select(u => (JsonNode)JsonValue.Create(u))]),
                })]),
            });
        }

        return Results.Ok(new JsonObject
        {
            ["version"] = version,
            ["now"] = Now(),
            ["bot"] = new JsonObject { ["id"] = FakeSlackWebApi.BotUserId, ["name"] = "Customer Champions" },
            ["dm"] = dm,
            ["people"] = new JsonArray([.. SandboxCompany.People.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id, ["handle"] = p.Handle, ["name"] = p.RealName, ["title"] = p.Title, ["tz"] = p.TimeZone,
                ["roles"] = string.Join(", ", SandboxCompany.Groups.Where(g => g.Handle != "staff" && g.Members.Contains(p.Id)).Select(g => g.Name)),
            })]),
            ["groups"] = new JsonArray([.. SandboxCompany.Groups.Select(g => (JsonNode)new JsonObject { ["id"] = g.Id, ["handle"] = g.Handle })]),
            ["channels"] = new JsonArray([.. SandboxCompany.Channels.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["purpose"] = c.Purpose })]),
            ["timeActions"] = new JsonArray([.. TimeActions.Select(a => (JsonNode)new JsonObject { ["action"] = a.Action, ["label"] = a.Label })]),
            ["messages"] = messages,
            ["home"] = Workspace.Home(userId),
            ["modal"] = Workspace.Modal(userId),
            ["notices"] = new JsonArray([.. Workspace.Notices().Select(n => (JsonNode)JsonValue.Create(n))]),
        });
    }

    /// <summary>The sandbox's time in the company zone, e.g. "Fri 4 Dec 2026, 16:00 (Europe/London)".</summary>
    private string Now()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(SandboxCompany.TimeZone);
        var local = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), zone);
        return local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({SandboxCompany.TimeZone})";
    }

    private string FileName(string id) => WebApi.Files().FirstOrDefault(f => f.Id == id)?.FileName ?? id + ".csv";

    private static string Str(JsonObject body, string name) => (string?)body[name] ?? string.Empty;

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SlackChampionBot.Sandbox.Page." + name)
            ?? throw new InvalidOperationException($"The sandbox page asset {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
