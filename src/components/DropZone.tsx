/**
 * The whole page accepts a dropped file. A counter tracks dragenter/dragleave pairs because they fire for every
 * child element the pointer crosses; the overlay shows only while a drag that carries files is over the page.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react'

interface Props {
  readonly onFile: (file: File) => void
  readonly children: ReactNode
}

function carriesFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer.types).includes('Files')
}

export function DropZone({ onFile, children }: Props) {
  const depth = useRef(0)
  const [over, setOver] = useState(false)

  const onDragEnter = (e: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(e)) return
    e.preventDefault()
    depth.current++
    setOver(true)
  }
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(e)) return
    // Without preventDefault the browser refuses the drop (and would open the file as a page instead).
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
  }
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setOver(false)
  }
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    depth.current = 0
    setOver(false)
    const file = e.dataTransfer.files.item(0)
    if (file) onFile(file)
  }

  return (
    <div className="drop-zone" data-testid="drop-zone" onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the capture to analyse it</p>
        </div>
      )}
    </div>
  )
}
