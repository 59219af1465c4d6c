using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SlackChampionBot.Tests.Support;

/// <summary>The real host (Program) on a TestServer with the given settings (its database among them).</summary>
internal sealed class BotFactory(IDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    /// <summary>
    /// Settings Program reads while it registers services, before the configuration added below reaches it: the
    /// provider and its connection string decide the context type and Hangfire's storage (without the connection
    /// string there, Hangfire would fall back to memory on PostgreSQL). Host settings are there from the start.
    /// </summary>
    private static readonly string[] ReadAtRegistration = ["Database:Provider", "ConnectionStrings:ChampionBot"];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var key in ReadAtRegistration)
        {
            if (settings.TryGetValue(key, out var value))
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        configure?.Invoke(builder);
    }
}
