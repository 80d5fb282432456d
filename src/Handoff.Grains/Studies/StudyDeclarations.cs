using Handoff.Contracts.Errors;
using Handoff.Contracts.Hashing;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Studies;

/// <summary>
/// Checks a declaration before anything is changed, so a bad declaration changes nothing; every message names the
/// instance (SOP Instance UID and source name) and the field at fault.
/// </summary>
internal static class StudyDeclarations
{
    /// <summary>Longest source name quoted whole in an error: a path, not a megabyte of input.</summary>
    private const int SourceEcho = 128;

    /// <summary>The declared instances with hashes in lowercase and a source name that is never null.</summary>
    public static InstanceDeclaration[] Validate(DeclareStudyCommand? command, int studyChunkSize)
    {
        if (command is null)
            throw DomainException.Invalid("a declaration is required");
        var chunkSize = command.ChunkSize;
        if (chunkSize <= 0)
            throw DomainException.Invalid($"chunkSize {chunkSize} must be positive");
        if (studyChunkSize != 0 && chunkSize != studyChunkSize)
        {
            throw DomainException.Invalid(
                $"chunkSize {chunkSize} differs from this study's chunk size {studyChunkSize}: declare its instances in chunks of {studyChunkSize} bytes");
        }

        if (command.Instances is not { Count: > 0 } instances)
            throw DomainException.Invalid("instances: declare at least one instance");

        var result = new InstanceDeclaration[instances.Count];
        for (var i = 0; i < instances.Count; i++)
            result[i] = ValidateInstance(instances[i], i, chunkSize);
        return result;
    }

    /// <summary>
    /// The declared instances the study does not hold yet, in order. Every conflict is found before anything changes,
    /// so a refused declaration leaves the study as it was: an instance the study holds (or this declaration names
    /// twice) with other content is ALREADY_EXISTS, a chunk hash whose length contradicts the study's is
    /// INVALID_ARGUMENT.
    /// </summary>
    public static List<InstanceDeclaration> NewInstances(IReadOnlyList<InstanceDeclaration> declared, int chunkSize, StudyInstances instances)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(instances);
        var added = new List<InstanceDeclaration>();
        var inThisCommand = new Dictionary<string, InstanceDeclaration>(StringComparer.Ordinal);
        var lengthsInThisCommand = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var instance in declared)
        {
            var uid = instance.SopInstanceUid;
            if (instances.Find(uid) is { } existing)
            {
                if (!SameContent(existing.Size, existing.ChunkHashes, instance))
                    throw Conflict(uid, existing.SourceName, instance.SourceName);
            }
            else if (inThisCommand.TryGetValue(uid, out var earlier))
            {
                if (!SameContent(earlier.Size, earlier.ChunkHashes, instance))
                    throw Conflict(uid, earlier.SourceName, instance.SourceName);
            }
            else
            {
                if (instances.Chunks.FindLengthConflict(instance, chunkSize, lengthsInThisCommand) is { } conflict)
                    throw LengthConflict(instance, conflict.Index, conflict.Declared, conflict.Required);
                inThisCommand[uid] = instance;
                added.Add(instance);
            }
        }

        return added;
    }

    /// <summary>The same instance declared twice is fine only when size and every chunk hash agree.</summary>
    public static bool SameContent(long size, IReadOnlyList<string> chunkHashes, InstanceDeclaration other)
    {
        if (size != other.Size || chunkHashes.Count != other.ChunkHashes.Count)
            return false;
        for (var i = 0; i < chunkHashes.Count; i++)
        {
            if (!string.Equals(chunkHashes[i], other.ChunkHashes[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    public static DomainException Conflict(string sopInstanceUid, string earlierSource, string laterSource) =>
        DomainException.AlreadyExists(
            $"SOP Instance UID {sopInstanceUid} is already declared with other content: {InputEcho.Quote(laterSource, SourceEcho)} differs from {InputEcho.Quote(earlierSource, SourceEcho)}");

    /// <summary>One hash names one byte string, so it cannot be a full chunk in one place and a shorter last chunk in another.</summary>
    public static DomainException LengthConflict(InstanceDeclaration instance, int index, int declared, int required) =>
        DomainException.Invalid(
            $"instance {instance.SopInstanceUid} ({InputEcho.Quote(instance.SourceName, SourceEcho)}): chunk {index} ({instance.ChunkHashes[index]}) must be {declared} bytes at its position, " +
            $"but this study already declares the same hash as a chunk of {required} bytes");

    public static DomainException TooManyInstances(string studyInstanceUid, int existing, int added, int limit) =>
        DomainException.Exhausted(
            $"study {studyInstanceUid} would have {existing + added} instances ({existing} declared, {added} more); a study may have at most {limit}");

    private static InstanceDeclaration ValidateInstance(InstanceDeclaration? instance, int index, int chunkSize)
    {
        if (instance is null)
            throw DomainException.Invalid($"instances[{index}] is missing");
        var source = instance.SourceName ?? "";
        if (string.IsNullOrWhiteSpace(instance.SopInstanceUid))
            throw DomainException.Invalid($"instances[{index}] ({InputEcho.Quote(source, SourceEcho)}): sopInstanceUid is required");
        var where = $"instance {InputEcho.Quote(instance.SopInstanceUid)} ({InputEcho.Quote(source, SourceEcho)})";
        if (instance.Size < 0)
            throw DomainException.Invalid($"{where}: size {instance.Size} is negative");

        var expected = ChunkLayout.Count(instance.Size, chunkSize);
        var hashes = instance.ChunkHashes ?? [];
        if (hashes.Count != expected)
        {
            throw DomainException.Invalid(
                $"{where}: {hashes.Count} chunk hashes declared, but {instance.Size} bytes in chunks of {chunkSize} need {expected}");
        }

        var normalized = new string[hashes.Count];
        for (var i = 0; i < hashes.Count; i++)
        {
            if (!Sha256Hex.IsValid(hashes[i]))
                throw DomainException.Invalid($"{where}: chunkHashes[{i}] is not a SHA-256 in 64 hex characters");
            normalized[i] = Sha256Hex.Normalize(hashes[i]);
        }

        return instance with { ChunkHashes = normalized, SourceName = source };
    }
}
