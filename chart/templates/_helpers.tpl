{{/*
Helpers of the schemahook chart. Every helper takes the chart's context (.Values, .Release, .Chart), so an
application chart can call the public ones with the subchart's context: `.Subcharts.schemahook`.
*/}}

{{/* Chart name, or nameOverride. */}}
{{- define "schemahook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name of every resource; 63 characters at most (DNS label). */}}
{{- define "schemahook.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Chart name and version, as the helm.sh/chart label wants them. */}}
{{- define "schemahook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the chart's pods. */}}
{{- define "schemahook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "schemahook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Standard labels of every resource, plus commonLabels (which cannot override the standard ones). */}}
{{- define "schemahook.labels" -}}
{{- $standard := dict
  "helm.sh/chart" (include "schemahook.chart" .)
  "app.kubernetes.io/name" (include "schemahook.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/managed-by" .Release.Service
  "app.kubernetes.io/part-of" (include "schemahook.name" .)
-}}
{{- with .Chart.AppVersion -}}
{{- $_ := set $standard "app.kubernetes.io/version" (toString .) -}}
{{- end -}}
{{- toYaml (merge $standard (.Values.commonLabels | default dict)) -}}
{{- end -}}

{{/* Labels of a resource of the given component. Takes (dict "context" $ "component" "migration" "extra" map). */}}
{{- define "schemahook.componentLabels" -}}
{{- $labels := include "schemahook.labels" .context | fromYaml -}}
{{- $_ := set $labels "app.kubernetes.io/component" .component -}}
{{- toYaml (merge $labels (.extra | default dict)) -}}
{{- end -}}

{{/* Name of the ServiceAccount the pods run as. */}}
{{- define "schemahook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "schemahook.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret the chart creates for an inline password. */}}
{{- define "schemahook.secretName" -}}
{{- include "schemahook.fullname" . -}}
{{- end -}}

{{/*
Image reference: the registry from global.imageRegistry, else image.registry, else the one named in image.repository;
then the digest, else the tag (default: the chart's appVersion). The first part of image.repository is a registry
when it holds a dot or a colon or is localhost, as Docker reads references.
*/}}
{{- define "schemahook.image" -}}
{{- $image := .Values.image -}}
{{- $repository := $image.repository -}}
{{- $registry := coalesce ((.Values.global | default dict).imageRegistry) $image.registry -}}
{{- if $registry -}}
{{- $parts := splitList "/" $repository -}}
{{- $first := first $parts -}}
{{- if and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq "localhost" $first)) -}}
{{- $repository = rest $parts | join "/" -}}
{{- end -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .Chart.AppVersion $image.tag | toString) -}}
{{- end -}}
{{- end -}}

{{/* Pull secrets: global.imagePullSecrets (names or {name: ...}) then imagePullSecrets, each name once. */}}
{{- define "schemahook.imagePullSecrets" -}}
{{- $names := list -}}
{{- range concat ((.Values.global | default dict).imagePullSecrets | default list) (.Values.imagePullSecrets | default list) -}}
{{- $name := . -}}
{{- if kindIs "map" . -}}
{{- $name = .name -}}
{{- end -}}
{{- if $name -}}
{{- $names = append $names (toString $name) -}}
{{- end -}}
{{- end -}}
{{- range $names | uniq }}
- name: {{ . | quote }}
{{- end -}}
{{- end -}}

{{/*
Name of the migration Job. In `job` mode it ends in a hash of the Job's spec (image, settings, values), so a
changed spec makes a new Job instead of failing on an immutable one, and an unchanged spec keeps the name.
*/}}
{{- define "schemahook.jobName" -}}
{{- if eq .Values.migration.mode "job" -}}
{{- $hash := include "schemahook.jobSpec" . | sha256sum | trunc 10 -}}
{{- printf "%s-%s" (include "schemahook.fullname" . | trunc 52 | trimSuffix "-") $hash -}}
{{- else -}}
{{- include "schemahook.fullname" . -}}
{{- end -}}
{{- end -}}

{{/*
Annotations that run a resource before the application rolls out, for the mode in migration.mode.
Takes (dict "context" $ "prerequisite" true|false): a prerequisite (ServiceAccount, Secret) of the Job is
created one weight earlier and always kept until the next release, since the next run needs it again.
*/}}
{{- define "schemahook.hookAnnotations" -}}
{{- $values := .context.Values -}}
{{- $weight := int $values.migration.hook.weight -}}
{{- $succeeded := and (not .prerequisite) (eq $values.migration.hook.deletePolicy "hook-succeeded") -}}
{{- if .prerequisite -}}
{{- $weight = sub $weight 1 -}}
{{- end -}}
{{- if eq $values.migration.mode "hook" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ $weight | quote }}
helm.sh/hook-delete-policy: {{ ternary "before-hook-creation,hook-succeeded" "before-hook-creation" $succeeded }}
{{- if and (not .prerequisite) $values.migration.hook.outputLogPolicy }}
helm.sh/hook-output-log-policy: {{ $values.migration.hook.outputLogPolicy }}
{{- end }}
{{- else if eq $values.migration.mode "argocd" -}}
argocd.argoproj.io/hook: PreSync
argocd.argoproj.io/sync-wave: {{ $weight | quote }}
argocd.argoproj.io/hook-delete-policy: {{ ternary "BeforeHookCreation,HookSucceeded" "BeforeHookCreation" $succeeded }}
{{- end -}}
{{- end -}}

{{/*
Metadata annotations: the hook's, then the given extra ones, then commonAnnotations; the first one wins.
Takes the same dict as hookAnnotations, plus an optional "extra" map.
*/}}
{{- define "schemahook.annotations" -}}
{{- $annotations := include "schemahook.hookAnnotations" . | fromYaml | default dict -}}
{{- $annotations = merge $annotations (.extra | default dict) (.context.Values.commonAnnotations | default dict) -}}
{{- if $annotations -}}
{{- toYaml $annotations -}}
{{- end -}}
{{- end -}}

{{/* The runner's configuration as environment variables (see the runner's contract in the README). */}}
{{- define "schemahook.env" -}}
{{- $db := .Values.database -}}
{{- $secret := $db.existingSecret -}}
{{- $migration := .Values.migration -}}
{{- if $secret.urlKey }}
- name: SCHEMAHOOK_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.urlKey | quote }}
{{- else if $db.url }}
- name: SCHEMAHOOK_DB_URL
  value: {{ $db.url | quote }}
{{- else if $db.host }}
- name: PGHOST
  value: {{ $db.host | quote }}
- name: PGPORT
  value: {{ $db.port | toString | quote }}
{{- with $db.name }}
- name: PGDATABASE
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $secret.userKey }}
- name: SCHEMAHOOK_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.userKey | quote }}
{{- else if $db.user }}
- name: SCHEMAHOOK_DB_USER
  value: {{ $db.user | quote }}
{{- end }}
{{- if $secret.name }}
- name: SCHEMAHOOK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.passwordKey | quote }}
{{- else if $db.password }}
- name: SCHEMAHOOK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "schemahook.secretName" . | quote }}
      key: password
{{- end }}
{{- with $db.sslMode }}
- name: PGSSLMODE
  value: {{ . | quote }}
{{- end }}
{{- if $db.tls.caSecret }}
- name: PGSSLROOTCERT
  value: /etc/schemahook/tls/ca.crt
{{- end }}
- name: SCHEMAHOOK_WAIT_TIMEOUT
  value: {{ $db.waitTimeout | toString | quote }}
- name: SCHEMAHOOK_LOCATIONS
  value: {{ join "," $migration.locations | quote }}
{{- with $migration.schemas }}
- name: SCHEMAHOOK_SCHEMAS
  value: {{ join "," . | quote }}
{{- end }}
- name: SCHEMAHOOK_TABLE
  value: {{ $migration.table | quote }}
{{- with $migration.target }}
- name: SCHEMAHOOK_TARGET
  value: {{ . | toString | quote }}
{{- end }}
- name: SCHEMAHOOK_OUT_OF_ORDER
  value: {{ $migration.outOfOrder | toString | quote }}
- name: SCHEMAHOOK_BASELINE_ON_MIGRATE
  value: {{ $migration.baselineOnMigrate | toString | quote }}
{{- with $migration.baselineVersion }}
- name: SCHEMAHOOK_BASELINE_VERSION
  value: {{ . | toString | quote }}
{{- end }}
{{- range $name, $value := $migration.placeholders }}
- name: {{ printf "SCHEMAHOOK_PLACEHOLDER_%s" $name | quote }}
  value: {{ $value | toString | quote }}
{{- end }}
- name: SCHEMAHOOK_ON_FUTURE
  value: {{ $migration.onFuture | quote }}
- name: SCHEMAHOOK_OUTPUT
  value: {{ $migration.output | quote }}
- name: SCHEMAHOOK_LOG_FORMAT
  value: {{ $migration.logFormat | quote }}
- name: SCHEMAHOOK_LOCK_TIMEOUT
  value: {{ $migration.lockTimeout | toString | quote }}
- name: SCHEMAHOOK_STATEMENT_TIMEOUT
  value: {{ $migration.statementTimeout | toString | quote }}
- name: SCHEMAHOOK_LOCK_RETRIES
  value: {{ $migration.lockRetries | toString | quote }}
- name: SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT
  value: {{ $migration.migrationLockTimeout | toString | quote }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes the runner's container mounts: a writable /tmp for the JVM, the CA, extraVolumes. */}}
{{- define "schemahook.volumes" -}}
- name: schemahook-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .Values.database.tls.caSecret }}
- name: schemahook-tls
  secret:
    secretName: {{ . | quote }}
    defaultMode: 0444
    items:
      - key: {{ $.Values.database.tls.caKey | quote }}
        path: ca.crt
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The runner's container, as one list item. Takes (dict "context" $ "name" "migrate" "args" (list "migrate")).
*/}}
{{- define "schemahook.container" -}}
{{- $values := .context.Values -}}
- name: {{ .name }}
  image: {{ include "schemahook.image" .context | quote }}
  imagePullPolicy: {{ $values.image.pullPolicy }}
  args:
    {{- toYaml .args | nindent 4 }}
  env:
    {{- include "schemahook.env" .context | trim | nindent 4 }}
  {{- with $values.extraEnvFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.securityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationMessagePath: /dev/termination-log
  terminationMessagePolicy: FallbackToLogsOnError
  volumeMounts:
    - name: schemahook-tmp
      mountPath: /tmp
    {{- if $values.database.tls.caSecret }}
    - name: schemahook-tls
      mountPath: /etc/schemahook/tls
      readOnly: true
    {{- end }}
    {{- with $values.extraVolumeMounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/*
Pod spec shared by the migration Job and the test pod. Takes (dict "context" $ "name" "migrate" "args" (list ...)).
*/}}
{{- define "schemahook.podSpec" -}}
{{- $values := .context.Values -}}
serviceAccountName: {{ include "schemahook.serviceAccountName" .context }}
automountServiceAccountToken: {{ $values.serviceAccount.automountServiceAccountToken }}
restartPolicy: Never
terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
{{- with include "schemahook.imagePullSecrets" .context | trim }}
imagePullSecrets:
  {{- . | nindent 2 }}
{{- end }}
{{- with $values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- if $values.podSecurityContext.enabled }}
{{- with omit $values.podSecurityContext "enabled" }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if or $values.extraInitContainers $values.sidecars }}
initContainers:
  {{- with $values.extraInitContainers }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- range $values.sidecars }}
  {{- /* A native sidecar: Kubernetes stops it once the runner exits, so the Job completes. */}}
  {{- toYaml (list (merge (dict "restartPolicy" "Always") .)) | nindent 2 }}
  {{- end }}
{{- end }}
containers:
  {{- include "schemahook.container" . | nindent 2 }}
volumes:
  {{- include "schemahook.volumes" .context | nindent 2 }}
{{- end -}}

{{/* Pod template metadata of the migration Job's pods. */}}
{{- define "schemahook.podMetadata" -}}
labels:
  {{- include "schemahook.componentLabels" (dict "context" . "component" "migration" "extra" .Values.podLabels) | nindent 2 }}
{{- with .Values.podAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Spec of the migration Job; its hash names the Job in `job` mode. */}}
{{- define "schemahook.jobSpec" -}}
{{- $job := .Values.job -}}
backoffLimit: {{ $job.backoffLimit }}
activeDeadlineSeconds: {{ $job.activeDeadlineSeconds }}
{{- if not (kindIs "invalid" $job.ttlSecondsAfterFinished) }}
ttlSecondsAfterFinished: {{ $job.ttlSecondsAfterFinished }}
{{- end }}
{{- if $job.podFailurePolicy.enabled }}
{{- /*
Kubernetes checks each rule's values: sorted, unique, no 0 with In, at most 255; at most 20 rules, the first match
wins (staging/src/k8s.io/api/batch/v1/types.go, PodFailurePolicyOnExitCodesRequirement and PodFailurePolicy).
*/}}
podFailurePolicy:
  rules:
    # A node drain or preemption is not the migration's fault: retry without counting it.
    - action: Ignore
      onPodConditions:
        - type: DisruptionTarget
          status: "True"
    # 1 migration failed, 2 usage or configuration error, 4 validation failed, 6 analyze found blocking
    # findings, 7 authentication or permission failure, 11 out of memory: the same image and values fail again.
    - action: FailJob
      onExitCodes:
        containerName: migrate
        operator: In
        values: [1, 2, 4, 6, 7, 11]
    # 3 database not reachable in time, 5 lock not acquired in time, 9 interrupted (SIGTERM, rolled back),
    # 10 connection lost (rolled back by the server): nothing is half-applied and a later try can succeed.
    - action: Count
      onExitCodes:
        containerName: migrate
        operator: In
        values: [3, 5, 9, 10]
{{- end }}
template:
  metadata:
    {{- include "schemahook.podMetadata" . | nindent 4 }}
  spec:
    {{- include "schemahook.podSpec" (dict "context" . "name" "migrate" "args" (concat (list "migrate") .Values.migration.extraArgs)) | nindent 4 }}
{{- end -}}

{{/*
Init container for an application's pods that waits until the database holds every migration of the image
(`schemahook await`). Call it from the application chart with the subchart's context:
  initContainers:
    {{- include "schemahook.awaitInitContainer" .Subcharts.schemahook | nindent 4 }}
and add its volumes to the pod's volumes with "schemahook.awaitVolumes".
*/}}
{{- define "schemahook.awaitInitContainer" -}}
{{- include "schemahook.validateValues" . -}}
{{- include "schemahook.container" (dict "context" . "name" "schemahook-await" "args" (list "await" "--timeout" (toString .Values.await.timeout))) -}}
{{- end -}}

{{/* Volumes the await init container mounts, as list items for the application pod's volumes. */}}
{{- define "schemahook.awaitVolumes" -}}
{{- include "schemahook.volumes" . -}}
{{- end -}}

{{/*
Milliseconds of a duration as the runner reads it (src/main/java/dev/schemahook/config/Durations.java): 0, bare
seconds, parts such as 1h30m, 2d or 500ms, or ISO-8601 (PT2M, P1DT2H, PT1.5S); letters in either case, blanks around.
values.schema.json admits exactly those forms, so this only has to add them up. An amount of more than 12 digits
counts as 10^15 ms, far beyond any deadline, so the time budget refuses it instead of misreading it.
*/}}
{{- define "schemahook.durationMillis" -}}
{{- $text := regexReplaceAll "^[\\x00-\\x20]+|[\\x00-\\x20]+$" (toString .) "" | lower -}}
{{- $total := 0 -}}
{{- if regexMatch "^[0-9]+$" $text -}}
{{- $total = mul (include "schemahook.durationAmount" $text) 1000 -}}
{{- else if hasPrefix "p" $text -}}
{{- $units := dict "d" 86400000 "h" 3600000 "m" 60000 -}}
{{- range $unit, $millis := $units -}}
{{- with regexFind (printf "[-+]?[0-9]+%s" $unit) $text -}}
{{- $total = add $total (mul (include "schemahook.durationAmount" (trimSuffix $unit .)) $millis) -}}
{{- end -}}
{{- end -}}
{{- with regexFind "[-+]?[0-9]+([.,][0-9]*)?s" $text -}}
{{- $seconds := regexFind "^[-+]?[0-9]+" . -}}
{{- $fraction := printf "%s000" (regexReplaceAll "^[-+]?[0-9]+[.,]?([0-9]*)s$" . "${1}") | trunc 3 -}}
{{- $millis := add (mul (include "schemahook.durationAmount" $seconds) 1000) (include "schemahook.durationAmount" $fraction) -}}
{{- if hasPrefix "-" $seconds -}}
{{- $millis = sub (mul (include "schemahook.durationAmount" $seconds) 1000) (include "schemahook.durationAmount" $fraction) -}}
{{- end -}}
{{- $total = add $total $millis -}}
{{- end -}}
{{- else -}}
{{- $units := dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 "d" 86400000 -}}
{{- range regexFindAll "[0-9]+(ms|s|m|h|d)" $text -1 -}}
{{- $unit := regexFind "[a-z]+$" . -}}
{{- $total = add $total (mul (include "schemahook.durationAmount" (trimSuffix $unit .)) (get $units $unit)) -}}
{{- end -}}
{{- end -}}
{{- max $total 0 -}}
{{- end -}}

{{/* A signed decimal amount without leading zeros (int64 would read 010 as octal); 10^15 past 12 digits. */}}
{{- define "schemahook.durationAmount" -}}
{{- $sign := regexFind "^[-+]?" . -}}
{{- $digits := regexReplaceAll "^0+" (trimPrefix $sign .) "" | default "0" -}}
{{- if gt (len $digits) 12 -}}
{{- ternary "-1000000000000000" "1000000000000000" (eq $sign "-") -}}
{{- else -}}
{{- printf "%s%s" (ternary "-" "" (eq $sign "-")) $digits -}}
{{- end -}}
{{- end -}}

{{/*
The Job's time budget, in whole seconds, as a dict: the longest one try can wait before the runner reports an exit
code (the pod's start, the database wait, the migration lock, lock_timeout with its retries) and what all tries of
the Job need with Kubernetes' back-off between them. The retries mirror MigrationService.migrateRetryingOnLockTimeout:
retry n waits up to twice lockTimeout after a back-off of 2^(n-1) seconds, and no retry starts once waitTimeout has
passed since the migration began. The back-off between failed pods is 10s, doubling, at most 10 minutes
(DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff in Kubernetes' pkg/controller/job/job_controller.go).
*/}}
{{- define "schemahook.timeBudget" -}}
{{- $migration := .Values.migration -}}
{{- $wait := include "schemahook.durationMillis" .Values.database.waitTimeout | int64 -}}
{{- $migrationLock := include "schemahook.durationMillis" $migration.migrationLockTimeout | int64 -}}
{{- $lockTimeout := include "schemahook.durationMillis" $migration.lockTimeout | int64 -}}
{{- $retries := int64 $migration.lockRetries -}}
{{- $lockWait := $lockTimeout -}}
{{- $backoff := 1000 -}}
{{- range until (int (min $retries 40)) -}}
{{- $lockWait = add $lockWait $backoff (mul 2 $lockTimeout) -}}
{{- $backoff = mul $backoff 2 -}}
{{- end -}}
{{- $lockWait = min $lockWait (add $wait (mul 2 $lockTimeout)) -}}
{{- $tryMillis := add (mul (int64 .Values.job.podStartSeconds) 1000) $wait $migrationLock $lockWait -}}
{{- $try := div (add $tryMillis 999) 1000 -}}
{{- $tries := add (int64 .Values.job.backoffLimit) 1 -}}
{{- $backoffs := 0 -}}
{{- $delay := 10 -}}
{{- range until (int (min .Values.job.backoffLimit 1000)) -}}
{{- $backoffs = add $backoffs (min $delay 600) -}}
{{- $delay = min (mul $delay 2) 600 -}}
{{- end -}}
{{- toJson (dict "try" $try "tries" $tries "backoffs" $backoffs "total" (add (mul $try $tries) $backoffs)
  "wait" (div (add $wait 999) 1000) "migrationLock" (div (add $migrationLock 999) 1000)
  "lockWait" (div (add $lockWait 999) 1000)) -}}
{{- end -}}

{{/*
Fails the render once, naming every missing or contradictory value. values.schema.json refuses what one value
alone gets wrong (types, enums, patterns, minimums); this checks what values get wrong together.
*/}}
{{- define "schemahook.validateValues" -}}
{{- $problems := list -}}
{{- $db := .Values.database -}}
{{- $secret := $db.existingSecret -}}
{{- if not (or $db.url $db.host $secret.urlKey) -}}
{{- $problems = append $problems "no database configured: set database.url (or database.host, or database.existingSecret.urlKey with database.existingSecret.name)" -}}
{{- end -}}
{{- if and $db.url $db.host -}}
{{- $problems = append $problems "database.url and database.host are both set: set one of them" -}}
{{- end -}}
{{- if and $secret.urlKey $db.url -}}
{{- $problems = append $problems "database.url and database.existingSecret.urlKey are both set: set one of them" -}}
{{- end -}}
{{- if and $secret.urlKey $db.host -}}
{{- $problems = append $problems "database.host and database.existingSecret.urlKey are both set: set one of them" -}}
{{- end -}}
{{- if and $db.password $secret.name -}}
{{- $problems = append $problems "database.password and database.existingSecret.name are both set: keep database.existingSecret.name and remove database.password" -}}
{{- end -}}
{{- if and $secret.userKey $db.user -}}
{{- $problems = append $problems "database.user and database.existingSecret.userKey are both set: set one of them" -}}
{{- end -}}
{{- if and (or $secret.urlKey $secret.userKey) (not $secret.name) -}}
{{- $problems = append $problems "database.existingSecret.urlKey or userKey is set without database.existingSecret.name: set database.existingSecret.name" -}}
{{- end -}}
{{- if and $secret.name (not $secret.passwordKey) -}}
{{- $problems = append $problems "database.existingSecret.passwordKey is empty: set the key of the password in the Secret" -}}
{{- end -}}
{{- if and $db.tls.caSecret (not $db.tls.caKey) -}}
{{- $problems = append $problems "database.tls.caKey is empty: set the key of the CA certificate in database.tls.caSecret" -}}
{{- end -}}
{{- $job := .Values.job -}}
{{- $budget := include "schemahook.timeBudget" . | fromJson -}}
{{- if gt (int64 $budget.total) (int64 $job.activeDeadlineSeconds) -}}
{{- $problems = append $problems (printf "job.activeDeadlineSeconds %d is shorter than the time budget of %ds: %d tries (job.backoffLimit %d + 1) of up to %ds each plus %ds of Kubernetes' back-off between them, so an exit code such as 3 (database unreachable) or 5 (lock not acquired) could not be reported before the deadline. One try: job.podStartSeconds %d + database.waitTimeout %ds + migration.migrationLockTimeout %ds + %ds of lock_timeout retries (migration.lockTimeout %v, migration.lockRetries %d). Raise job.activeDeadlineSeconds to at least %d (and helm --timeout above it plus terminationGracePeriodSeconds), or lower job.backoffLimit, database.waitTimeout, migration.migrationLockTimeout, migration.lockTimeout or migration.lockRetries"
  (int64 $job.activeDeadlineSeconds) (int64 $budget.total) (int64 $budget.tries) (int64 $job.backoffLimit) (int64 $budget.try) (int64 $budget.backoffs)
  (int64 $job.podStartSeconds) (int64 $budget.wait) (int64 $budget.migrationLock) (int64 $budget.lockWait) .Values.migration.lockTimeout (int64 .Values.migration.lockRetries)
  (int64 $budget.total)) -}}
{{- end -}}
{{- $statementTimeout := include "schemahook.durationMillis" .Values.migration.statementTimeout | int64 -}}
{{- if and (gt $statementTimeout 0) (ge $statementTimeout (mul (sub (int64 $job.activeDeadlineSeconds) (int64 $job.podStartSeconds)) 1000)) -}}
{{- $problems = append $problems (printf "migration.statementTimeout %v can never fire: the Job's deadline (job.activeDeadlineSeconds %d minus job.podStartSeconds %d) ends first; lower migration.statementTimeout, set it to 0, or raise job.activeDeadlineSeconds" .Values.migration.statementTimeout (int64 $job.activeDeadlineSeconds) (int64 $job.podStartSeconds)) -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nschemahook: %d invalid value(s):\n  - %s" (len $problems) (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
