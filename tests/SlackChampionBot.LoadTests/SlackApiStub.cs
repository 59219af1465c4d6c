using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SlackChampionBot.LoadTests;

/// <summary>
/// The smallest Slack Web API that makes the bot "connected": <c>auth.test</c> names team T0LOAD and bot U0BOT,
/// every other method answers <c>{"ok":true}</c>. Counts calls per method so the report can show whether the bot
/// talks to Slack per message. Bound to 127.0.0.1 on an ephemeral port.
/// </summary>
internal sealed class SlackApiStub : IAsyncDisposable
{
    private static readonly byte[] AuthTest = """{"ok":true,"team_id":"T0LOAD","team":"Load","user_id":"U0BOT","user":"bot","bot_id":"B0BOT","url":"https://load.slack.com/"}"""u8.ToArray();
    private static readonly byte[] Ok = """{"ok":true}"""u8.ToArray();

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private SlackApiStub(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Ends in <c>/api/</c>, as Slack:ApiBaseUrl expects.</summary>
    public Uri BaseAddress { get; }

    public static async Task<SlackApiStub> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        SlackApiStub? stub = null;
        app.Map("/api/{method}", async (HttpContext context, string method) =>
        {
            stub!._calls.AddOrUpdate(method, 1, (_, n) => n + 1);
            var body = method == "auth.test" ? AuthTest : Ok;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new SlackApiStub(app, new Uri(address.TrimEnd('/') + "/api/"));
        return stub;
    }

    /// <summary>Calls so far, per Web API method.</summary>
    public IReadOnlyDictionary<string, int> Calls() => new Dictionary<string, int>(_calls, StringComparer.Ordinal);

    public int TotalCalls() => _calls.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
