using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Scheduling;

public sealed class DashboardTests
{
    private static BotFactory Factory(TempDirectory temp, string remoteAddress, Dictionary<string, string?>? extra = null)
    {
        var settings = TestSettings.Valid(temp.File("bot.db"));
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new BotFactory(settings, web => web.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(IPAddress.Parse(remoteAddress)))));
    }

    [Fact]
    public async Task Dashboard_NonLoopbackWithoutCredentialsConfigured_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, "203.0.113.7");

        var response = await factory.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Loopback_IsServed()
    {
        using var temp = new TempDirectory();
        await using var factory = Factory(temp, "127.0.0.1");

        var response = await factory.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_CredentialsConfigured_NeedsThemEvenFromLoopback()
    {
        using var temp = new TempDirectory();
        var credentials = new Dictionary<string, string?> { ["Scheduling:DashboardUser"] = "ops", ["Scheduling:DashboardPassword"] = "correct-horse-battery" };
        await using var factory = Factory(temp, "127.0.0.1", credentials);
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        wrong.Headers.Authorization = Basic("ops", "wrong-password-here");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        var right = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        right.Headers.Authorization = Basic("ops", "correct-horse-battery");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_CredentialsConfigured_AdmitNonLoopbackWithThem()
    {
        using var temp = new TempDirectory();
        var credentials = new Dictionary<string, string?> { ["Scheduling:DashboardUser"] = "ops", ["Scheduling:DashboardPassword"] = "correct-horse-battery" };
        await using var factory = Factory(temp, "198.51.100.20", credentials);

        var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = Basic("ops", "correct-horse-battery");

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>TestServer has no remote address; this pretends the request came from <paramref name="address"/>.</summary>
    private sealed class RemoteAddressStartupFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextDelegate) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextDelegate(context);
            });
            next(app);
        };
    }
}
