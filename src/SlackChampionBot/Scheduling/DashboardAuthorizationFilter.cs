using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// The Hangfire dashboard can run and delete jobs. Nothing about the client decides who gets in, because a same-host
/// reverse proxy makes every request come from 127.0.0.1 and X-Forwarded-For is the client's to write. With
/// <c>Scheduling:DashboardPort</c> a request must have arrived on the loopback management listener (its socket's
/// local address); with <c>Scheduling:DashboardUser</c>/<c>DashboardPassword</c> it must carry them (basic auth,
/// compared in constant time); with both, both. The dashboard is not mapped at all without either.
/// </summary>
internal sealed class DashboardAuthorizationFilter(SchedulingOptions options) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => IsAuthorized(context.GetHttpContext(), options);

    internal static bool IsAuthorized(HttpContext http, SchedulingOptions options)
    {
        if (options.DashboardPort is { } port && !DashboardListener.IsManagementConnection(http.Connection, port))
        {
            return false;
        }

        if (!options.DashboardCredentialsSet)
        {
            return options.DashboardPort is not null;
        }

        if (HasValidCredentials(http.Request.Headers.Authorization.ToString(), options.DashboardUser!, options.DashboardPassword!))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"SlackChampionBot jobs\", charset=\"UTF-8\"";
        return false;
    }

    internal static bool HasValidCredentials(string header, string user, string password)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':');
        if (separator < 0)
        {
            return false;
        }

        var userOk = FixedTimeEquals(decoded[..separator], user);
        var passwordOk = FixedTimeEquals(decoded[(separator + 1)..], password);
        return userOk & passwordOk;
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
