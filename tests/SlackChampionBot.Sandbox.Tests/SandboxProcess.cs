using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Sandbox.Tests;

/// <summary>
/// The built bot started as a newcomer starts the sandbox (<c>Slack:Sandbox=true</c>, no other setting), with the
/// page on a free loopback port, in a temporary folder that holds its sandbox.db.
/// </summary>
internal sealed partial class SandboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _folder;

    private SandboxProcess(BotProcess bot, string folder, Uri page)
    {
        Bot = bot;
        _folder = folder;
        Page = page;
        Http = new HttpClient { BaseAddress = page, Timeout = Patience };
    }

    /// <summary>JSON as written, without escaping <c>&lt;</c> (Slack's mentions), for assertions on text.</summary>
    public static JsonSerializerOptions Readable { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public BotProcess Bot { get; }

    /// <summary>The page's address, as the sandbox printed it.</summary>
    public Uri Page { get; }

    public HttpClient Http { get; }

    public string Folder => _folder;

    public static async Task<SandboxProcess> Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "champion-bot-sandbox-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var bot = BotProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "SlackChampionBot.dll"),
            new Dictionary<string, string?> { ["SLACK__SANDBOX"] = "true", ["SANDBOX__URL"] = "http://127.0.0.1:0" },
            folder);
        using var cts = new CancellationTokenSource(Patience);
        while (PageAddress().Match(bot.StandardOutput) is not { Success: true } match)
        {
            if (bot.HasExited)
            {
                throw new InvalidOperationException($"The sandbox exited with {bot.ExitCode}:\n{bot.StandardOutput}\n{bot.StandardError}");
            }

            await Task.Delay(50, cts.Token);
        }

        // Ready (/readyz) once the bot is connected to the sandbox's Slack, as it would be to Slack.
        using var http = new HttpClient();
        await bot.WaitFor200(http, "/readyz", Patience);
        return new SandboxProcess(bot, folder, new Uri(PageAddress().Match(bot.StandardOutput).Groups["url"].Value));
    }

    /// <summary>What <paramref name="userId"/> sees now.</summary>
    public async Task<JsonObject> State(string userId) =>
        (await Http.GetFromJsonAsync<JsonObject>($"api/state?as={userId}"))!;

    /// <summary>Polls what <paramref name="userId"/> sees until <paramref name="condition"/> holds (bounded).</summary>
    public async Task<JsonObject> WaitFor(string userId, Func<JsonObject, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var state = await State(userId);
            if (condition(state))
            {
                return state;
            }

            if (cts.IsCancellationRequested || Bot.HasExited)
            {
                throw new TimeoutException($"Waited for {what}. Last state:\n{state.ToJsonString()}\n{Bot.StandardError}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async Task Post(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{Bot.StandardError}");
        }
    }

    public static IEnumerable<JsonObject> Messages(JsonObject state) => state["messages"]!.AsArray().Select(m => m!.AsObject());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping process; the temp folder is cleaned eventually.
        }
    }

    [GeneratedRegex(@"Sandbox: open (?<url>http://\S+/) in your browser")]
    private static partial Regex PageAddress();
}
