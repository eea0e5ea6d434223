using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Tiles;

/// <summary>The demo server (<see cref="WemsFactory"/>) with its tile cache in a throwaway folder.</summary>
public sealed class TileServer : IAsyncLifetime
{
    private readonly string _cacheFolder = Path.Combine(Path.GetTempPath(), $"wems-tile-cache-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program> _server = null!;

    public WemsFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        // Case writes are looked for on every request, so a test sees them at once.
        _server = Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:CacheFolder", _cacheFolder).UseSetting("Tiles:CaseChangePollSeconds", "0"));
    }

    /// <summary>An anonymous client, or one with HTTP Basic credentials of a demo account.</summary>
    public HttpClient Client(string? username = null)
    {
        var client = _server.CreateClient();
        if (username is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{WemsFactory.Password}")));
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Factory).DisposeAsync();
        if (Directory.Exists(_cacheFolder))
        {
            Directory.Delete(_cacheFolder, true);
        }
    }
}

/// <summary>What GDAL's MVT driver (Debian gdal-bin, the reader QGIS uses) finds in a tile.</summary>
/// <param name="Output">The full <c>ogrinfo -al</c> listing.</param>
public sealed record GdalTile(string Output)
{
    /// <summary>Reads <paramref name="mvt"/> as tile (z, x, y) with <c>ogrinfo -ro -al</c>.</summary>
    /// <param name="mvt">The tile's bytes.</param>
    /// <param name="z">Zoom.</param>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <param name="metadataFile">A TileJSON file for GDAL's METADATA_FILE open option (layer and field definitions), or null.</param>
    public static async Task<GdalTile> ReadAsync(byte[] mvt, int z, int x, int y, string? metadataFile = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"wems-tile-{Guid.NewGuid():N}.mvt");
        await File.WriteAllBytesAsync(file, mvt);
        try
        {
            var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
            string[] metadata = metadataFile is null ? [] : ["-oo", $"METADATA_FILE={metadataFile}"];
            foreach (var argument in (string[])["-ro", "-al", "-oo", $"Z={z}", "-oo", $"X={x}", "-oo", $"Y={y}", .. metadata, $"MVT:{file}"])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"ogrinfo failed: {error}");
            return new GdalTile(await output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The values of attribute <paramref name="field"/> over all features, as printed.</summary>
    public IReadOnlyList<string> Values(string field) =>
        [.. Regex.Matches(Output, $@"^\s+{Regex.Escape(field)} \(\w+\) = (.*)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim())];

    /// <summary>The attribute names declared by the layer(s), e.g. "reference" from "reference: String (0.0)".</summary>
    public IReadOnlySet<string> FieldNames() =>
        Regex.Matches(Output, @"^(\w+): (String|Integer|Integer64|Real|StringList|Integer64List|RealList|IntegerList)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Number of features, from the "Feature Count" lines.</summary>
    public int FeatureCount => Regex.Count(Output, @"^OGRFeature\(", RegexOptions.Multiline);

    /// <summary>
    /// Number of cases a cases tile draws: the <c>count</c> of each cell or merged feature, plus one for each single case
    /// (a feature without <c>count</c>).
    /// </summary>
    public long CaseCount => Values("count").Sum(long.Parse) + (FeatureCount - Values("count").Count);
}
