using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// The management port (<c>Scheduling:DashboardPort</c>): Kestrel also listens on 127.0.0.1:&lt;port&gt;, beside the
/// public URLs, and only that listener serves the job dashboard. Whether a request came in on it is read from the
/// socket (<see cref="ConnectionInfo.LocalIpAddress"/> and <see cref="ConnectionInfo.LocalPort"/>), which no header
/// can change: the Host header and X-Forwarded-* are the client's to write.
/// </summary>
internal static class DashboardListener
{
    public const string PortKey = SchedulingOptions.SectionName + ":" + nameof(SchedulingOptions.DashboardPort);

    /// <summary>
    /// Adds the loopback listener when a valid port is configured. Code-configured Kestrel endpoints would make Kestrel
    /// ignore the configured URLs, so the listener is added the way the public ones were given: to
    /// <c>Kestrel:Endpoints</c> when the deployment uses that section, otherwise to the URL list (ASPNETCORE_URLS,
    /// --urls, ASPNETCORE_HTTP_PORTS/HTTPS_PORTS, or Kestrel's default), which is then set with it included.
    /// A malformed port adds nothing: the options validator stops start-up naming the key before anything listens.
    /// </summary>
    public static WebApplicationBuilder ListenForDashboard(this WebApplicationBuilder builder)
    {
        var publicPorts = PublicPorts(builder.Configuration);
        builder.Services.AddSingleton(new PublicListeners(publicPorts));
        if (ParsePort(builder.Configuration[PortKey]) is not { } port || publicPorts.Contains(port))
        {
            return builder;
        }

        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        if (builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.Configuration["Kestrel:Endpoints:SchedulingDashboard:Url"] = url;
        }
        else
        {
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Join(';', [.. PublicUrls(builder.Configuration), url]));
        }

        return builder;
    }

    /// <summary>Whether the request arrived on the management listener (its socket, not its headers).</summary>
    public static bool IsManagementConnection(ConnectionInfo connection, int port) =>
        connection.LocalPort == port && connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local);

    /// <summary>A port number from configuration text; null when absent or not a port.</summary>
    public static int? ParsePort(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;

    /// <summary>The ports the public listeners use (so the management port cannot be one of them).</summary>
    internal static IReadOnlySet<int> PublicPorts(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        return (endpoints.Count > 0 ? endpoints : PublicUrls(configuration)).Select(TryPort).OfType<int>().ToHashSet();
    }

    /// <summary>The URLs the host would listen on without the management port, in the hosting layer's order of precedence.</summary>
    internal static IReadOnlyList<string> PublicUrls(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return Split(urls);
        }

        var ports = Split(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}"))
            .ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? TryPort(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.IsUnixPipe || address.IsNamedPipe ? null : address.Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The public listeners' ports as configured before the management listener was added.</summary>
internal sealed record PublicListeners(IReadOnlySet<int> Ports);
