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

{{/* image.repository with the digest, else the tag (default: the chart's appVersion). */}}
{{- define "schemahook.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) -}}
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
{{- with $values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with $values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
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
podFailurePolicy:
  rules:
    # A node drain or preemption is not the migration's fault: retry without counting it.
    - action: Ignore
      onPodConditions:
        - type: DisruptionTarget
          status: "True"
    # 1 migration failed, 2 usage or configuration error, 4 validation failed, 6 analyze found blocking
    # findings, 7 authentication or permission failure: the same image and values fail again.
    - action: FailJob
      onExitCodes:
        containerName: migrate
        operator: In
        values: [1, 2, 4, 6, 7]
    # 3 database not reachable in time, 5 lock not acquired in time: a later try can succeed.
    - action: Count
      onExitCodes:
        containerName: migrate
        operator: In
        values: [3, 5]
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

{{/* Fails the render once, naming every missing or contradictory value. */}}
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
{{- if not (has .Values.migration.mode (list "hook" "argocd" "job")) -}}
{{- $problems = append $problems (printf "migration.mode %q is unknown: set hook, argocd or job" (toString .Values.migration.mode)) -}}
{{- end -}}
{{- if not (has .Values.migration.hook.deletePolicy (list "before-hook-creation" "hook-succeeded")) -}}
{{- $problems = append $problems (printf "migration.hook.deletePolicy %q is unknown: set before-hook-creation or hook-succeeded" (toString .Values.migration.hook.deletePolicy)) -}}
{{- end -}}
{{- if not .Values.migration.locations -}}
{{- $problems = append $problems "migration.locations is empty: set at least one location, e.g. filesystem:/migrations" -}}
{{- end -}}
{{- range $name, $value := .Values.migration.placeholders -}}
{{- if not (regexMatch "^[A-Za-z_][A-Za-z0-9_]*$" $name) -}}
{{- $problems = append $problems (printf "migration.placeholders.%s: a placeholder name must be letters, digits and underscores, so that SCHEMAHOOK_PLACEHOLDER_%s is an environment variable" $name $name) -}}
{{- end -}}
{{- end -}}
{{- if le (int .Values.job.activeDeadlineSeconds) 0 -}}
{{- $problems = append $problems "job.activeDeadlineSeconds must be positive (and below helm --timeout)" -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nschemahook: %d invalid value(s):\n  - %s" (len $problems) (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
