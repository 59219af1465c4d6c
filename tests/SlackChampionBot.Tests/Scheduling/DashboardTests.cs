using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Scheduling;

/// <summary>
/// Who reaches /hangfire, through the real host. Every request in these tests comes from 127.0.0.1, as it does behind
/// a reverse proxy on the same machine: the client's address must never be what lets it in.
/// </summary>
public sealed class DashboardTests
{
    private const string User = "ops";
    private const string Password = "correct-horse-battery";
    private const int ManagementPort = 9411;

    private static readonly Dictionary<string, string?> Credentials = new()
    {
        ["Scheduling:DashboardUser"] = User,
        ["Scheduling:DashboardPassword"] = Password,
    };

    private static BotFactory Factory(TempDirectory temp, Dictionary<string, string?>? extra = null, Connection? connection = null, LogCapture? logs = null)
    {
        var settings = TestSettings.Valid(temp.File("bot.db"));
        settings["Logging:LogLevel:Default"] = "Information";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new BotFactory(settings, web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new ConnectionStartupFilter(connection ?? Connection.SameHostProxy));
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }
        }));
    }

    [Fact]
    public async Task Dashboard_NeitherPortNorCredentials_IsNotServedAndTheLogSaysHowToTurnItOn()
    {
        using var temp = new TempDirectory();
        var logs = new LogCapture();
        await using var factory = Factory(temp, logs: logs);

        var response = await factory.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var off = Assert.Single(logs.Entries, r => r.EventId.Id == 1512);
        Assert.Contains("Scheduling:DashboardPort", off.Message, StringComparison.Ordinal);
        Assert.Contains("Scheduling:DashboardUser", off.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_CredentialsConfigured_SameHostProxyWithoutThemIsRefused()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, Credentials);
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        spoofed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(spoofed)).StatusCode);

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        wrong.Headers.Authorization = Basic(User, "wrong-password-here");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        var right = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        right.Headers.Authorization = Basic(User, Password);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_CredentialsConfigured_AdmitOtherMachinesWithThem()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, Credentials, new Connection(IPAddress.Parse("198.51.100.20"), IPAddress.Parse("10.0.0.5"), 443));

        var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = Basic(User, Password);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_PortConfigured_IsNotServedOnThePublicListener()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, new() { ["Scheduling:DashboardPort"] = $"{ManagementPort}" });
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/hangfire")).StatusCode);

        // Neither the Host header nor X-Forwarded-For can claim the management listener.
        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        spoofed.Headers.Host = $"127.0.0.1:{ManagementPort}";
        spoofed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(spoofed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_PortConfigured_ServesTheDashboardAndNothingElseOnTheManagementListener()
    {
        using var temp = new TempDirectory();
        var connection = new Connection(IPAddress.Loopback, IPAddress.Loopback, ManagementPort);
        await using var factory = Factory(temp, new() { ["Scheduling:DashboardPort"] = $"{ManagementPort}" }, connection);
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/slack/event", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task TriggerRecurringJob_CrossSitePostWithoutTheAntiforgeryToken_IsRefusedAndTheJobDoesNotRun()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, Credentials);
        var client = factory.CreateClient();
        var jobId = InboxPruneJob.JobId;

        // A page elsewhere posts the dashboard's own form; the browser adds the saved basic-auth credentials.
        var crossSite = Trigger(jobId);
        crossSite.Headers.Add("Origin", "https://attacker.example");
        var refused = await client.SendAsync(crossSite);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(LastJobId(factory, jobId));

        // The dashboard itself can: the page carries the token (and sets its cookie), and the same POST with it works.
        var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire/recurring");
        page.Headers.Authorization = Basic(User, Password);
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        var header = Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\">").Groups[1].Value;
        var token = WebUtility.HtmlDecode(Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\">").Groups[1].Value);
        Assert.NotEmpty(token);
        var sameSite = Trigger(jobId);
        sameSite.Headers.Add(header, token);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(sameSite)).StatusCode);
        Assert.NotNull(LastJobId(factory, jobId));
    }

    /// <summary>The built bot on real sockets: the management listener is on loopback, beside the public --urls.</summary>
    [Fact]
    public async Task Run_WithDashboardPortAndForwardedHeaders_ServesTheDashboardOnlyOnTheManagementPort()
    {
        using var temp = new TempDirectory();
        var port = FreePort();
        await using var bot = StartWithForwardedHeaders(temp, ("SCHEDULING__DASHBOARDPORT", $"{port}"));
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await bot.WaitForResponse(client, "healthz", TimeSpan.FromSeconds(60))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(bot.BaseAddress, "hangfire"))).StatusCode);
        var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, "hangfire"));
        spoofed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        spoofed.Headers.Host = $"127.0.0.1:{port}";
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(spoofed)).StatusCode);

        var management = new Uri($"http://127.0.0.1:{port}/");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(management, "hangfire"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(management, "healthz"))).StatusCode);
        Assert.Contains($"http://127.0.0.1:{port}/hangfire", bot.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>As the issue reproduced it: forwarded headers on, a client claiming to be 127.0.0.1.</summary>
    [Fact]
    public async Task Run_WithCredentialsAndForwardedHeaders_RefusesASpoofedForwardedFor()
    {
        using var temp = new TempDirectory();
        await using var bot = StartWithForwardedHeaders(temp, ("SCHEDULING__DASHBOARDUSER", User), ("SCHEDULING__DASHBOARDPASSWORD", Password));
        using var client = new HttpClient();
        await bot.WaitForResponse(client, "healthz", TimeSpan.FromSeconds(60));

        var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, "hangfire"));
        spoofed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(spoofed)).StatusCode);

        var withCredentials = new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, "hangfire"));
        withCredentials.Headers.Authorization = Basic(User, Password);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCredentials)).StatusCode);
    }

    /// <summary>The built bot in Socket Mode with Slack unreachable (it still serves HTTP), forwarded headers on.</summary>
    private static TestSupport.BotProcess StartWithForwardedHeaders(TempDirectory temp, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["SLACK__BOTTOKEN"] = TestSettings.BotToken,
            ["SLACK__APPLEVELTOKEN"] = TestSettings.AppLevelToken,
            ["SLACK__APIBASEURL"] = TestSettings.UnreachableApiBaseUrl,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return HostProcess.Start(environment, temp.Path);
    }

    private static HttpRequestMessage Trigger(string jobId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        };
        request.Headers.Authorization = Basic(User, Password);
        return request;
    }

    private static string? LastJobId(BotFactory factory, string jobId)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([jobId]).Single().LastJobId;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The socket a request arrived on: remote address, and the local address and port it was accepted on.</summary>
    private sealed record Connection(IPAddress Remote, IPAddress Local, int LocalPort)
    {
        /// <summary>A reverse proxy on the same machine, forwarding to the public port.</summary>
        public static Connection SameHostProxy { get; } = new(IPAddress.Loopback, IPAddress.Loopback, 8080);
    }

    /// <summary>TestServer has no socket; this gives each request the one <paramref name="connection"/> describes.</summary>
    private sealed class ConnectionStartupFilter(Connection connection) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextDelegate) =>
            {
                context.Connection.RemoteIpAddress = connection.Remote;
                context.Connection.LocalIpAddress = connection.Local;
                context.Connection.LocalPort = connection.LocalPort;
                return nextDelegate(context);
            });
            next(app);
        };
    }
}
