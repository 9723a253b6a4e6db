# The .NET types the lab's objects are made of, under the real products' type names: exception types
# (so CategoryInfo reads "..., ManagementObjectNotFoundException"), the state enums, the identity class
# (ADObjectId), the Exchange identity-parameter classes (they decide which parameter an object piped in
# binds to, as Exchange's do) and the base of every object the lab returns (its ToString() is the
# object's name or identity, as the real objects format; a remoting boundary keeps that text).
# Enum member names are Microsoft's (Exchange 2010 SDK, clusapi.h); Exchange's numeric values are not
# documented, so those members are numbered in the documented order (ServerRole uses the AD role bits).
# Compiled once per source text and machine, loaded from the temp folder afterwards.

$script:LabTypeSource = @'
using System;
using System.Management.Automation;

namespace Microsoft.Exchange.Configuration.Tasks {
    public class ManagementObjectNotFoundException : System.Exception { public ManagementObjectNotFoundException(string m) : base(m) {} }
    public class ManagementObjectAlreadyExistsException : System.Exception { public ManagementObjectAlreadyExistsException(string m) : base(m) {} }
    public class ManagementObjectAmbiguousException : System.Exception { public ManagementObjectAmbiguousException(string m) : base(m) {} }
    public class TaskException : System.Exception { public TaskException(string m) : base(m) {} }

    // Exchange's identity parameters convert what is passed or piped in; an object of another kind does
    // not convert, so PowerShell binds it to the parameter whose type does accept it (for example
    // Get-MailboxServer | Get-MailboxDatabaseCopyStatus binds -Server, Get-MailboxDatabase | ... -Identity).
    public abstract class LabIdParameter {
        private readonly string rawIdentity;
        protected LabIdParameter(string identity) { rawIdentity = identity; }
        protected LabIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) { rawIdentity = id == null ? null : id.Name; }
        protected LabIdParameter(object value, string[] accepted) {
            PSObject o = value as PSObject;
            if (o == null) { o = new PSObject(value); }
            // Text (an identity as a workstation without the Exchange tools receives it) names the object.
            if (o.BaseObject is string) { rawIdentity = (string)o.BaseObject; return; }
            string kind = null;
            foreach (string typeName in o.TypeNames) {
                string n = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring(13) : typeName;
                if (Array.IndexOf(accepted, n) >= 0) { kind = n; break; }
            }
            if (kind == null) { throw new InvalidCastException("Cannot convert '" + o.ToString() + "' (" + string.Join(", ", new System.Collections.Generic.List<string>(o.TypeNames).ToArray()) + ") to " + GetType().FullName + "."); }
            // The object's text is its name or identity (a deserialized object keeps the original's text).
            rawIdentity = o.ToString();
        }
        public string RawIdentity { get { return rawIdentity; } }
        public override string ToString() { return rawIdentity; }
    }
    public class DatabaseIdParameter : LabIdParameter {
        private static readonly string[] Accepted = { "Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase" };
        public DatabaseIdParameter(string identity) : base(identity) {}
        public DatabaseIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) : base(id) {}
        public DatabaseIdParameter(ExchangeLab.LabObject value) : base(value, Accepted) {}
        public DatabaseIdParameter(PSObject value) : base(value, Accepted) {}
    }
    public class DatabaseCopyIdParameter : LabIdParameter {
        private static readonly string[] Accepted = { "Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase", "Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry" };
        public DatabaseCopyIdParameter(string identity) : base(identity) {}
        public DatabaseCopyIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) : base(id) {}
        public DatabaseCopyIdParameter(ExchangeLab.LabObject value) : base(value, Accepted) {}
        public DatabaseCopyIdParameter(PSObject value) : base(value, Accepted) {}
    }
    public class ServerIdParameter : LabIdParameter {
        private static readonly string[] Accepted = { "Microsoft.Exchange.Data.Directory.Management.ExchangeServer", "Microsoft.Exchange.Data.Directory.Management.MailboxServer", "Microsoft.Exchange.Data.Directory.Management.ClientAccessServer" };
        public ServerIdParameter(string identity) : base(identity) {}
        public ServerIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) : base(id) {}
        public ServerIdParameter(ExchangeLab.LabObject value) : base(value, Accepted) {}
        public ServerIdParameter(PSObject value) : base(value, Accepted) {}
    }
    public class MailboxServerIdParameter : LabIdParameter {
        private static readonly string[] Accepted = { "Microsoft.Exchange.Data.Directory.Management.ExchangeServer", "Microsoft.Exchange.Data.Directory.Management.MailboxServer" };
        public MailboxServerIdParameter(string identity) : base(identity) {}
        public MailboxServerIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) : base(id) {}
        public MailboxServerIdParameter(ExchangeLab.LabObject value) : base(value, Accepted) {}
        public MailboxServerIdParameter(PSObject value) : base(value, Accepted) {}
    }
    public class MailboxIdParameter : LabIdParameter {
        private static readonly string[] Accepted = { "Microsoft.Exchange.Data.Directory.Management.Mailbox" };
        public MailboxIdParameter(string identity) : base(identity) {}
        public MailboxIdParameter(Microsoft.Exchange.Data.Directory.ADObjectId id) : base(id) {}
        public MailboxIdParameter(ExchangeLab.LabObject value) : base(value, Accepted) {}
        public MailboxIdParameter(PSObject value) : base(value, Accepted) {}
    }
}
namespace Microsoft.Exchange.Cluster.Replay {
    public class AmDbActionWrapperException : System.Exception { public AmDbActionWrapperException(string m) : base(m) {} }
}
namespace Microsoft.Exchange.Monitoring {
    public class ServerUnreachableException : System.Exception { public ServerUnreachableException(string m) : base(m) {} }
}
namespace Microsoft.Exchange.Data.Directory {
    // An Active Directory object's id as Exchange returns it in Server, Servers, Site, ...: formats as its name.
    public class ADObjectId {
        private readonly string name;
        private readonly string distinguishedName;
        private readonly Guid objectGuid;
        private readonly string text;
        public ADObjectId(string name, string distinguishedName, Guid objectGuid) : this(name, distinguishedName, objectGuid, null) {}
        public ADObjectId(string name, string distinguishedName, Guid objectGuid, string text) {
            this.name = name; this.distinguishedName = distinguishedName; this.objectGuid = objectGuid; this.text = text;
        }
        public string Name { get { return name; } }
        public string DistinguishedName { get { return distinguishedName; } }
        public Guid ObjectGuid { get { return objectGuid; } }
        public override string ToString() { return text ?? name; }
    }
}
namespace Microsoft.Exchange.Data.Directory.SystemConfiguration {
    [Flags] public enum ServerRole { None = 0, Mailbox = 2, ClientAccess = 4, UnifiedMessaging = 16, HubTransport = 32, Edge = 64 }
    public enum AutoDatabaseMountDial { Lossless = 0, GoodAvailability = 1, BestAvailability = 2 }
    public enum DatabaseCopyAutoActivationPolicyType { Unrestricted = 0, IntrasiteOnly = 1, Blocked = 2 }
}
namespace Microsoft.Exchange.Management.SystemConfigurationTasks {
    public enum CopyStatus {
        Unknown, Failed, Seeding, Suspended, Healthy, ServiceDown, Initializing, Resynchronizing, Mounted, Dismounted,
        Mounting, Dismounting, DisconnectedAndHealthy, FailedAndSuspended, DisconnectedAndResynchronizing, NonExchangeReplication, SeedingSource
    }
    public enum ContentIndexStatusType { Unknown, Healthy, Crawling, Failed, Seeding, FailedAndSuspended, Suspended, Disabled }
}
namespace Microsoft.FailoverClusters.PowerShell {
    public class ClusterCmdletException : System.Exception { public ClusterCmdletException(string m) : base(m) {} }
    public enum ClusterNodeState { Unknown = -1, Up = 0, Down = 1, Paused = 2, Joining = 3 }
    public enum ClusterGroupState { Unknown = -1, Online = 0, Offline = 1, Failed = 2, PartialOnline = 3, Pending = 4 }
    public enum ClusterResourceState { Unknown = -1, Inherited = 0, Initializing = 1, Online = 2, Offline = 3, Failed = 4, Pending = 128, OnlinePending = 129, OfflinePending = 130 }
    public enum ClusterNetworkState { Unknown = -1, Unavailable = 0, Down = 1, Partitioned = 2, Up = 3 }
    public enum ClusterNetworkRole { None = 0, Cluster = 1, Client = 2, ClusterAndClient = 3 }
}
namespace ExchangeLab {
    public class LabFaultException : System.Exception { public LabFaultException(string m) : base(m) {} }
    // The state file in memory is hashtables and ArrayLists; converting ConvertFrom-Json's objects in a
    // script took ~20 ms per command, here it is well under one.
    public static class LabData {
        public static object From(object value) {
            if (value == null) { return null; }
            PSObject pso = value as PSObject;
            if (pso != null) {
                if (pso.BaseObject is PSCustomObject) {
                    System.Collections.Hashtable h = new System.Collections.Hashtable();
                    foreach (PSPropertyInfo p in pso.Properties) { h[p.Name] = From(p.Value); }
                    return h;
                }
                value = pso.BaseObject;
            }
            if (value is string) { return value; }
            System.Collections.IDictionary d = value as System.Collections.IDictionary;
            if (d != null) {
                System.Collections.Hashtable h = new System.Collections.Hashtable();
                foreach (System.Collections.DictionaryEntry e in d) { h[Convert.ToString(e.Key)] = From(e.Value); }
                return h;
            }
            System.Collections.IEnumerable list = value as System.Collections.IEnumerable;
            if (list != null) {
                System.Collections.ArrayList a = new System.Collections.ArrayList();
                foreach (object item in list) { a.Add(From(item)); }
                return a;
            }
            return value;
        }
        // The state file's text: keys sorted (ordinal), two-space indent, UTC times with milliseconds,
        // invariant numbers, so that equal states give equal files.
        public static string ToJson(object value) {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            Write(sb, value, 0);
            return sb.ToString();
        }
        static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;
        static void Write(System.Text.StringBuilder sb, object v, int depth) {
            PSObject pso = v as PSObject;
            if (pso != null) { v = pso.BaseObject is PSCustomObject ? From(pso) : pso.BaseObject; }
            if (v == null) { sb.Append("null"); return; }
            if (v is string) { WriteString(sb, (string)v); return; }
            if (v is bool) { sb.Append((bool)v ? "true" : "false"); return; }
            if (v is DateTime) { sb.Append('"').Append(((DateTime)v).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", Invariant)).Append('"'); return; }
            if (v is Guid || v is Enum || v is char) { WriteString(sb, v.ToString()); return; }
            if (v is int || v is long || v is double || v is decimal || v is uint || v is ulong || v is short || v is byte || v is float) {
                sb.Append(Convert.ToString(v, Invariant)); return;
            }
            string pad = new string(' ', (depth + 1) * 2), pad0 = new string(' ', depth * 2);
            System.Collections.IDictionary d = v as System.Collections.IDictionary;
            if (d != null) {
                System.Collections.Generic.List<string> keys = new System.Collections.Generic.List<string>();
                System.Collections.Generic.Dictionary<string, object> byKey = new System.Collections.Generic.Dictionary<string, object>();
                foreach (System.Collections.DictionaryEntry e in d) { string k = Convert.ToString(e.Key, Invariant); keys.Add(k); byKey[k] = e.Value; }
                if (keys.Count == 0) { sb.Append("{}"); return; }
                keys.Sort(StringComparer.Ordinal);
                sb.Append("{\n");
                for (int i = 0; i < keys.Count; i++) {
                    if (i > 0) { sb.Append(",\n"); }
                    sb.Append(pad); WriteString(sb, keys[i]); sb.Append(": "); Write(sb, byKey[keys[i]], depth + 1);
                }
                sb.Append('\n').Append(pad0).Append('}');
                return;
            }
            System.Collections.IEnumerable list = v as System.Collections.IEnumerable;
            if (list != null) {
                int n = 0;
                foreach (object item in list) {
                    sb.Append(n == 0 ? "[\n" : ",\n").Append(pad); Write(sb, item, depth + 1); n++;
                }
                if (n == 0) { sb.Append("[]"); return; }
                sb.Append('\n').Append(pad0).Append(']');
                return;
            }
            WriteString(sb, Convert.ToString(v, Invariant));
        }
        static void WriteString(System.Text.StringBuilder sb, string text) {
            sb.Append('"');
            foreach (char ch in text) {
                switch (ch) {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (ch < 32) { sb.Append("\\u").Append(((int)ch).ToString("x4")); } else { sb.Append(ch); }
                        break;
                }
            }
            sb.Append('"');
        }
    }
    // The base object under every object the lab returns: no properties of its own (the PSObject around
    // it carries them); ToString() is the text the real object formats as.
    public sealed class LabObject {
        private readonly string text;
        public LabObject(string text) { this.text = text; }
        public override string ToString() { return text; }
    }
}
'@

# Compiling costs about a second per process, so the assembly is compiled once per source text and
# machine and loaded from the temp folder afterwards (every engine restart imports the lab again).
if (-not ('ExchangeLab.LabObject' -as [type])) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($script:LabTypeSource + $PSVersionTable.PSVersion)) | Select-Object -First 8 | ForEach-Object { $_.ToString('x2') })
    $cached = Join-Path ([System.IO.Path]::GetTempPath()) "exchangelab-types-$hash.dll"
    $loaded = $false
    if (Test-Path -LiteralPath $cached) {
        try { Add-Type -Path $cached; $loaded = $true } catch { $loaded = $false }
    }
    if (-not $loaded) {
        $partial = "$cached.$PID.tmp"
        try {
            Add-Type -TypeDefinition $script:LabTypeSource -OutputAssembly $partial -OutputType Library
            Move-Item -LiteralPath $partial -Destination $cached -Force -ErrorAction SilentlyContinue
            Add-Type -Path $(if (Test-Path -LiteralPath $cached) { $cached } else { $partial })
        } catch {
            # An unwritable temp folder: compile in memory.
            if (-not ('ExchangeLab.LabObject' -as [type])) { Add-Type -TypeDefinition $script:LabTypeSource }
        }
    }
}

# Short names for the enums the output objects use.
$script:LabEnum = @{
    CopyStatus        = [Microsoft.Exchange.Management.SystemConfigurationTasks.CopyStatus]
    ContentIndexState = [Microsoft.Exchange.Management.SystemConfigurationTasks.ContentIndexStatusType]
    ServerRole        = [Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole]
    MountDial         = [Microsoft.Exchange.Data.Directory.SystemConfiguration.AutoDatabaseMountDial]
    ActivationPolicy  = [Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopyAutoActivationPolicyType]
    NodeState         = [Microsoft.FailoverClusters.PowerShell.ClusterNodeState]
    GroupState        = [Microsoft.FailoverClusters.PowerShell.ClusterGroupState]
    ResourceState     = [Microsoft.FailoverClusters.PowerShell.ClusterResourceState]
    NetworkState      = [Microsoft.FailoverClusters.PowerShell.ClusterNetworkState]
    NetworkRole       = [Microsoft.FailoverClusters.PowerShell.ClusterNetworkRole]
}

function ConvertTo-LabEnum {
    # A stored value (name, names joined by ', ' for flags, a list of names, or a number) as the enum;
    # $null stays $null, a name the enum lacks becomes its Unknown member (or fails when it has none).
    param([string]$Kind, $Value)
    if ($null -eq $Value) { return $null }
    $type = $script:LabEnum[$Kind]
    if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) { $Value = @($Value) -join ', ' }
    try { return [enum]::Parse($type, [string]$Value, $true) }
    catch {
        if ([enum]::IsDefined($type, 'Unknown')) { return [enum]::Parse($type, 'Unknown') }
        throw
    }
}

function New-LabId {
    # An ADObjectId: -Text when it formats other than as its name (Get-ExchangeServer's Site does).
    param([string]$Name, [string]$DistinguishedName, $Guid, [string]$Text)
    if ($null -eq $Name -or $Name -eq '') { return $null }
    $g = [Guid]::Empty
    if ($Guid) { $g = [Guid]$Guid }
    if ($Text) { return New-Object Microsoft.Exchange.Data.Directory.ADObjectId -ArgumentList $Name, $DistinguishedName, $g, $Text }
    return New-Object Microsoft.Exchange.Data.Directory.ADObjectId -ArgumentList $Name, $DistinguishedName, $g
}



# What crosses the wire to a workstation WITHOUT the Exchange tools (the wizard's case; lab/README.md,
# "What crosses the wire"): such a client has none of Exchange's types, and Exchange-specific values
# arrive as their text: an identity as its name ("EX01"), an enum as its name ("Healthy"), a size as
# "152.1 MB (159,498,240 bytes)", a list of them as an ArrayList of those texts, an ActivationPreference
# pair as "[EX01, 1]". .NET values (bool, int, long, Guid, DateTime, TimeSpan, string) keep their type.
# So text compares equal to a name and is accepted back by every identity parameter, as on a real server.
# The lab's objects keep the server-side shapes in their own process; only the serializer sends text.
$script:LabWireTextTypes = @(
    [Microsoft.Exchange.Data.Directory.ADObjectId]
    [System.Collections.Generic.KeyValuePair[Microsoft.Exchange.Data.Directory.ADObjectId, int]]
    [System.Collections.Generic.KeyValuePair[Microsoft.Exchange.Data.Directory.ADObjectId, TimeSpan]]
    [Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole]
    [Microsoft.Exchange.Data.Directory.SystemConfiguration.AutoDatabaseMountDial]
    [Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopyAutoActivationPolicyType]
    [Microsoft.Exchange.Management.SystemConfigurationTasks.CopyStatus]
    [Microsoft.Exchange.Management.SystemConfigurationTasks.ContentIndexStatusType]
) | ForEach-Object { $_.FullName }
# A database's DatabaseCopies entries: PSObjects under an Exchange type name.
$script:LabWireTextTypes += 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopy'
foreach ($typeName in $script:LabWireTextTypes) {
    Update-TypeData -TypeName $typeName -SerializationMethod String -Force -ErrorAction SilentlyContinue
}

