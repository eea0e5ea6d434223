namespace Wems.Gis.Features;

/// <summary>
/// A request parameter that cannot be honoured: the OGC API answers 400 with the exception code
/// <c>InvalidParameterValue</c>, naming the parameter and the reason.
/// </summary>
public sealed class InvalidParameterException(string parameter, string reason)
    : Exception($"{parameter}: {reason}")
{
    /// <summary>The query parameter at fault (e.g. <c>bbox</c>).</summary>
    public string Parameter { get; } = parameter;

    /// <summary>What is wrong with it, for a person.</summary>
    public string Reason { get; } = reason;
}

/// <summary>A collection or feature that does not exist (or that the caller's tier may not see): 404.</summary>
public sealed class FeatureNotFoundException(string what) : Exception($"{what} was not found.");
