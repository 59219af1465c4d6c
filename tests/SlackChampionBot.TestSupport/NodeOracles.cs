using System.Diagnostics;
using Xunit;

namespace SlackChampionBot.TestSupport;

/// <summary>
/// The official Slack npm clients in <c>tests/oracles</c>, used as independent oracles of the fake Slack. The first
/// test that needs them runs <c>npm ci</c> there when <c>node_modules</c> is missing (CI installs them up front).
/// </summary>
public static class NodeOracles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Directory => Path.Combine(Root.Value, "tests", "oracles");

    /// <summary>True when <c>node</c> and <c>npm</c> can be started.</summary>
    public static bool NodeAvailable { get; } = CanRun("node", "--version") && CanRun("npm", "--version");

    /// <summary>Installs the pinned packages (package-lock.json) once, across test processes.</summary>
    public static async Task EnsureInstalled()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@slack", "socket-mode"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@slack", "web-api")))
            {
                return;
            }

            // Another test process may be installing at the same moment: hold a lock file while installing.
            await using var lockFile = await AcquireLock(Path.Combine(Directory, ".install.lock"));
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@slack", "web-api")))
            {
                return;
            }

            var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var npm = Process.Start(start)!;
            var stderr = npm.StandardError.ReadToEndAsync();
            _ = npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}): {await stderr}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(200);
            }
        }
    }

    private static bool CanRun(string file, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(15_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlackChampionBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SlackChampionBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A test that runs an official Slack npm client. It runs wherever Node.js is installed, and always in CI
/// (<c>CI=true</c>, where a missing Node.js is a failure); on a machine without Node.js it is skipped with the reason.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!NodeOracles.NodeAvailable && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Node.js is not installed: install it to run the official Slack client oracles";
        }
    }
}
