# Exchange database changes and checks: Set-MailboxDatabase, Move-ActiveMailboxDatabase,
# Test-ReplicationHealth.

function Resolve-LabRpcClientAccessServer {
    # A Client Access server (name or FQDN) or a Client Access array (name or FQDN) -> the stored FQDN.
    param($State, [string]$Value)
    foreach ($s in $State.exchangeServers) {
        if (@($s.serverRole) -contains 'ClientAccess' -and ((Test-LabName $Value $s.name) -or (Test-LabName $Value $s.fqdn))) { return $s.fqdn }
    }
    foreach ($a in $State.clientAccessArrays) {
        if ((Test-LabName $Value $a.name) -or (Test-LabName $Value $a.fqdn)) { return $a.fqdn }
    }
    return $null
}

function Set-MailboxDatabase {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Identity,
        [ValidateNotNullOrEmpty()] [string]$RpcClientAccessServer,
        [string]$Name,
        [bool]$MountAtStartup,
        [bool]$CircularLoggingEnabled,
        [bool]$AllowFileRestore,
        [bool]$BackgroundDatabaseMaintenance,
        [bool]$IndexEnabled,
        [bool]$IsExcludedFromProvisioning,
        [bool]$IsSuspendedFromProvisioning,
        [bool]$RetainDeletedItemsUntilBackup,
        [object]$DeletedItemRetention,
        [object]$MailboxRetention,
        [object]$EventHistoryRetentionPeriod,
        [object]$IssueWarningQuota,
        [object]$ProhibitSendQuota,
        [object]$ProhibitSendReceiveQuota,
        [object]$RecoverableItemsQuota,
        [object]$RecoverableItemsWarningQuota,
        [object]$JournalRecipient,
        [object]$MaintenanceSchedule,
        [object]$QuotaNotificationSchedule,
        [object]$OfflineAddressBook,
        [object]$PublicFolderDatabase,
        [ValidateSet('None', 'SecondCopy', 'SecondDatacenter', 'AllDatacenters', 'AllCopies')] [string]$DataMoveReplicationConstraint,
        [string]$DomainController
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $id = Get-LabIdentityText $Identity
        $found = @(Resolve-LabDatabases $PSCmdlet $st $id)
        if ($found.Count -gt 1) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'ManagementObjectAmbiguousException' -Message "The operation couldn't be performed because '$id' matches multiple entries."))
        }
        $db = $found[0]
        $fqdn = $null
        if ($PSBoundParameters.ContainsKey('RpcClientAccessServer')) {
            $fqdn = Resolve-LabRpcClientAccessServer $st $RpcClientAccessServer
            if ($null -eq $fqdn) { $PSCmdlet.ThrowTerminatingError((New-ExchangeNotFound $PSCmdlet $st $RpcClientAccessServer)) }
        }
        if (-not (Confirm-LabChange $PSCmdlet "Configuring mailbox database `"$($db.name)`"." 'Medium')) { return }
        $changed = $false
        if ($null -ne $fqdn -and $db.rpcClientAccessServer -ne $fqdn) {
            $old = $db.rpcClientAccessServer
            $db.rpcClientAccessServer = $fqdn
            Add-LabTimeline $st 'RpcClientAccessServerChanged' $db.name "Database '$($db.name)' RpcClientAccessServer changed from $old to $fqdn." $null @{ from = $old; to = $fqdn }
            $changed = $true
        }
        if ($Name -and $Name -ne $db.name) {
            Add-LabTimeline $st 'DatabaseRenamed' $db.name "Database '$($db.name)' renamed to '$Name'."
            $db.name = $Name
            $changed = $true
        }
        if ($changed) { Save-LabState $st }
        elseif ($null -eq $fqdn -and -not $Name) {
            Write-Warning "The command completed successfully but no settings of '$($db.name)' have been modified."
        }
    }
}


function Move-ActiveMailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.MailboxServerIdParameter]$Server,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxServerIdParameter]$ActivateOnServer,
        [string]$DomainController,
        [ValidateSet('None', 'Lossless', 'GoodAvailability', 'BestEffort', 'BestAvailability')] [string]$MountDialOverride,
        [string]$MoveComment,
        [switch]$SkipActiveCopyChecks,
        [switch]$SkipClientExperienceChecks,
        [switch]$SkipHealthChecks,
        [switch]$SkipLagChecks,
        [switch]$TerminateOnWarning
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $dbs = @()
        if ($PSCmdlet.ParameterSetName -eq 'Server') {
            $srv = Resolve-LabExServer $PSCmdlet $st $Server
            $dbs = @($st.databases | Where-Object { [string]::Equals($_.activeServer, $srv.name, [StringComparison]::OrdinalIgnoreCase) })
        } else {
            $dbs = @(Resolve-LabDatabases $PSCmdlet $st $Identity)
        }
        $targetName = $null
        if ($null -ne $ActivateOnServer) {
            $targetName = (Resolve-LabExServer $PSCmdlet $st $ActivateOnServer).name
        }
        foreach ($db in $dbs) {
            $from = $db.activeServer
            $to = $targetName
            if (-not $to) {
                $cand = Get-LabActivationCandidate $st $db
                if ($null -eq $cand.copy) {
                    $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'AmDbActionWrapperException' -Category InvalidOperation `
                                -Message "An Active Manager operation failed. Error: The database action failed. Error: No suitable copy of database '$($db.name)' could be found to activate: $($cand.reason)."))
                }
                $to = $cand.copy.server
            }
            $copy = Get-LabCopy $db $to
            $fail = $null
            if ($null -eq $copy) { $fail = "An Active Manager operation failed. Error: Database '$($db.name)' doesn't have a copy on server '$to'." }
            elseif ([string]::Equals($to, $from, [StringComparison]::OrdinalIgnoreCase)) { $fail = "An Active Manager operation failed. Error: The database action failed. Error: Database '$($db.name)' is already active on server '$to'." }
            elseif (-not (Test-LabServerReachable $st $to)) { $fail = "An Active Manager operation failed. Error: An error occurred while trying to contact server '$to'. The RPC server is unavailable." }
            elseif (-not $SkipHealthChecks -and @('Healthy', 'DisconnectedAndHealthy') -notcontains $copy.status) {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has status '$($copy.status)'. Use -SkipHealthChecks to move anyway."
            } elseif (-not $SkipClientExperienceChecks -and $copy.contentIndexState -ne 'Healthy') {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has content index catalog files in the following state: '$($copy.contentIndexState)'. If you need to activate this database copy, you can use the Move-ActiveMailboxDatabase cmdlet with the -SkipClientExperienceChecks parameter to forcibly activate the database."
            } elseif (-not $SkipLagChecks -and ([int]$copy.copyQueueLength -gt 10 -or [int]$copy.replayQueueLength -gt 50)) {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has a copy queue length of $($copy.copyQueueLength) logs, which is too high to enable automatic recovery. Use -SkipLagChecks to move anyway."
            }
            if ($fail) { $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'AmDbActionWrapperException' -Category InvalidOperation -Message $fail -TargetObject $db.name)) }
            if (-not (Confirm-LabChange $PSCmdlet "Moving mailbox database `"$($db.name)`" from server `"$from`" to server `"$to`"." 'High')) { continue }
            $delay = Get-LabDelay $st 'databaseMountSeconds'
            if ($delay -gt 0) { Start-Sleep -Milliseconds ([int]($delay * 1000)) }
            $st = Open-LabState
            $db = @(Find-LabDatabases $st $db.name)[0]
            $copy = Get-LabCopy $db $to
            $old = Get-LabCopy $db $from
            $wasMounted = [bool]$db.mounted
            $db.activeServer = $to
            $db.mounted = $true
            $copy.status = 'Healthy'; $copy.copyQueueLength = 0; $copy.replayQueueLength = 0
            if ($old) { $old.status = 'Healthy'; $old.copyQueueLength = 0; $old.replayQueueLength = 0 }
            Add-LabTimeline $st 'DatabaseMoved' $db.name "Database '$($db.name)' switched over from $from to $to." $null @{ from = $from; to = $to }
            Add-LabTimeline $st 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $to." $null @{ server = $to }
            Save-LabState $st
            New-LabObject $script:ExTypes.MoveResult ([ordered]@{
                    Identity               = $db.name
                    ActiveServerAtStart    = $from
                    ActiveServerAtEnd      = $to
                    Status                 = 'Succeeded'
                    NumberOfLogsLost       = 0
                    RecoveryPointObjective = (Format-LabTime (Get-LabNow))
                    MountStatusAtMoveStart = $(if ($wasMounted) { 'Mounted' } else { 'Dismounted' })
                    MountStatusAtMoveEnd   = 'Mounted'
                    ErrorMessage           = ''
                }) $script:ExDisplay.MoveResult -Text $db.name
        }
    }
}

function Test-ReplicationHealth {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Identity,
        [int]$ActiveDirectoryTimeout,
        [string]$DomainController,
        [bool]$MonitoringContext,
        [switch]$OutputObjects,
        [uint32]$TransientEventSuppressionWindow
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $srv = Resolve-LabExServer $PSCmdlet $st $Identity -OrLocal -Reachable
        if (-not $PSCmdlet.ShouldProcess($srv.name)) { return }
        $down = @($st.dag.servers | Where-Object { -not (Test-LabServerReachable $st $_) -or (Get-LabNode $st $_).state -ne 'Up' })
        $witnessOk = $st.dag.witnessAvailable -and (Test-LabServerReachable $st $st.dag.witnessServer)
        $copies = @()
        foreach ($db in $st.databases) { $c = Get-LabCopy $db $srv.name; if ($c) { $copies += , @($db, $c) } }
        $passive = @($copies | Where-Object { -not [string]::Equals($_[0].activeServer, $srv.name, [StringComparison]::OrdinalIgnoreCase) })
        $checks = [ordered]@{
            ClusterService       = @('Checks if the cluster service is healthy.', $st.cluster.hasQuorum, 'The cluster service is not running or the cluster has no quorum.')
            ReplayService        = @('Checks if the Microsoft Exchange Replication service is running.', $true, '')
            ActiveManager        = @('Checks that Active Manager is running and has a valid role.', $st.cluster.hasQuorum, 'Active Manager is not running.')
            TasksRpcListener     = @('Checks that the Tasks RPC Listener is running and is responding to remote requests.', $true, '')
            TcpListener          = @('Checks that the TCP Listener is running and is responding to requests.', $true, '')
            DagMembersUp         = @('Verifies that the members of a database availability group are up and running.', ($down.Count -eq 0), ('The following servers in the DAG are down: ' + ($down -join ', ')))
            ClusterNetwork       = @('Checks that the networks are healthy.', ($down.Count -eq 0), ('Cluster network interfaces are down on: ' + ($down -join ', ')))
            QuorumGroup          = @('Checks that the quorum and witness for the database availability group is healthy.', ($witnessOk -and $st.cluster.hasQuorum), 'The quorum group is not healthy.')
            FileShareQuorum      = @('Verifies that the path used for the file share witness can be reached.', $witnessOk, "The file share witness '\\$($st.dag.witnessServer)\$($st.dag.name).$($st.domain.fqdn)' can't be reached.")
            DBCopySuspended      = @('Checks whether any mailbox database copies are in a state of Suspended.', (@($passive | Where-Object { @('Suspended', 'FailedAndSuspended') -contains $_[1].status }).Count -eq 0), 'One or more database copies are suspended.')
            DBCopyFailed         = @('Checks whether any mailbox database copies are in a state of Failed.', (@($passive | Where-Object { @('Failed', 'FailedAndSuspended') -contains $_[1].status }).Count -eq 0), 'One or more database copies are Failed.')
            DBInitializing       = @('Checks whether any mailbox database copies are in a state of Initializing.', (@($passive | Where-Object { $_[1].status -eq 'Initializing' }).Count -eq 0), 'One or more database copies are Initializing.')
            DBDisconnected       = @('Checks whether any mailbox database copies are in a state of Disconnected.', (@($passive | Where-Object { "$($_[1].status)" -like 'Disconnected*' }).Count -eq 0), 'One or more database copies are Disconnected.')
            DBLogCopyKeepingUp   = @('Verifies that log copying and inspection by the passive copies of databases is able to keep up with log generation activity on the active copy.', (@($passive | Where-Object { [int]$_[1].copyQueueLength -gt 10 }).Count -eq 0), ('Copy queue too high for: ' + ((@($passive | Where-Object { [int]$_[1].copyQueueLength -gt 10 }) | ForEach-Object { "$($_[0].name)\$($_[1].server) ($($_[1].copyQueueLength))" }) -join ', ')))
            DBLogReplayKeepingUp = @('Verifies that replay activity for the passive copies of databases is able to keep up with log copying and inspection activity.', (@($passive | Where-Object { [int]$_[1].replayQueueLength -gt 100 }).Count -eq 0), 'Replay queue too high.')
        }
        foreach ($k in $checks.Keys) {
            $v = $checks[$k]
            $ok = [bool]$v[1]
            New-LabObject $script:ExTypes.ReplCheck ([ordered]@{
                    Server           = $srv.name
                    Check            = $k
                    CheckDescription = $v[0]
                    Result           = $(if ($ok) { 'Passed' } else { '*FAILED*' })
                    Error            = $(if ($ok) { $null } else { $v[2] })
                    Identity         = "$($srv.name)\$k"
                }) $script:ExDisplay.ReplCheck -Text "$($srv.name)\$k"
        }
    }
}
