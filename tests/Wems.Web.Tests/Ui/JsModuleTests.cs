using System.Diagnostics;

namespace Wems.Web.Tests.Ui;

/// <summary>The UI's DOM-free JavaScript modules, tested by Node's built-in runner (Ui/Js/modules.test.mjs).</summary>
public sealed class JsModuleTests
{
    [Fact]
    public async Task The_ui_modules_pass_their_node_tests()
    {
        var tests = Path.Combine(Path.GetDirectoryName(StyleTests.WebProjectDirectory())!, "..", "tests", "Wems.Web.Tests", "Ui", "Js", "modules.test.mjs");
        var start = new ProcessStartInfo("node", ["--test", Path.GetFullPath(tests)]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }
}
