namespace Wems.Benchmarks;

internal static class Machine
{
    /// <summary>CPU model, core count and memory, read from /proc (Linux), for the benchmark record.</summary>
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = memory is not null && long.TryParse(memory.Split(' ')[0], out var kb) ? $"{kb / 1024.0 / 1024.0:F0} GiB" : "? GiB";
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {memoryGiB}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg (a busy machine makes timings noisy), or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
